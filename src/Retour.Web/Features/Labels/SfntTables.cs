using System.Buffers.Binary;

namespace Retour.Web.Features.Labels;

/// <summary>Reads and patches the table directory of a TrueType or OpenType font file (the <c>sfnt</c> format).</summary>
public static class SfntTables
{
    /// <summary>The OS/2 <c>fsType</c> value "restricted licence embedding".</summary>
    public const ushort RestrictedLicence = 0x0002;

    /// <summary>
    /// Sets the font's OS/2 embedding permissions (<c>fsType</c>) to restricted, in place; false when the bytes are not
    /// a single sfnt font with an OS/2 table.
    /// </summary>
    public static bool MarkNotEmbeddable(Span<byte> font)
    {
        if (Os2Offset(font) is not { } os2)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(font.Slice(os2 + 8, 2), RestrictedLicence);
        return true;
    }

    /// <summary>The OS/2 <c>fsType</c> of the font, or null when the bytes are not a single sfnt font with an OS/2 table.</summary>
    public static ushort? EmbeddingFlags(ReadOnlySpan<byte> font) =>
        Os2Offset(font) is { } os2 ? BinaryPrimitives.ReadUInt16BigEndian(font.Slice(os2 + 8, 2)) : null;

    private static int? Os2Offset(ReadOnlySpan<byte> font)
    {
        if (font.Length < 12)
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(font);
        if (version is not (0x00010000 or 0x4F54544F or 0x74727565))
        {
            return null;
        }

        var tables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (16 * i);
            if (record + 16 > font.Length)
            {
                return null;
            }

            if (font.Slice(record, 4).SequenceEqual("OS/2"u8))
            {
                var offset = BinaryPrimitives.ReadUInt32BigEndian(font[(record + 8)..]);
                return offset + 10 <= (uint)font.Length ? (int)offset : null;
            }
        }

        return null;
    }
}
