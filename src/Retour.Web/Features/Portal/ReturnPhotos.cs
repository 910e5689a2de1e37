using System.Security.Cryptography;
using SkiaSharp;

namespace Retour.Web.Features.Portal;

/// <summary>Why an uploaded photo was refused.</summary>
public enum PhotoProblem
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a JPEG, PNG or WebP image (by its bytes, not its name).</summary>
    NotAnImage,

    /// <summary>Larger than <see cref="ReturnPhotos.MaxBytes"/>.</summary>
    TooLarge,
}

/// <summary>
/// Photos shoppers send as evidence. Only JPEG, PNG and WebP are taken, recognised by their first bytes; each is
/// decoded and written again as a JPEG of at most 2,048 px, which drops every metadata block (location, camera,
/// owner) while keeping the picture upright. Files live outside the web root, one folder per order, named by a
/// random id the return line keeps.
/// </summary>
public sealed class ReturnPhotos(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>Largest upload accepted.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Photos one line may carry in the portal.</summary>
    public const int MaxPerLine = 5;

    private const int MaxSide = 2048;

    private readonly string _root = Path.GetFullPath(configuration["Storage:Photos"] ?? Path.Combine(environment.ContentRootPath, "data", "photos"));

    /// <summary>Checks, cleans and stores a photo of <paramref name="orderId"/>'s return; its id, or why not.</summary>
    public async Task<(string? Id, PhotoProblem Problem)> SaveAsync(Guid orderId, Stream upload, long length, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (length > MaxBytes)
        {
            return (null, PhotoProblem.TooLarge);
        }

        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
        {
            return (null, PhotoProblem.TooLarge);
        }

        var bytes = buffer.ToArray();
        if (!LooksLikeAnImage(bytes))
        {
            return (null, PhotoProblem.NotAnImage);
        }

        var cleaned = Clean(bytes);
        if (cleaned is null)
        {
            return (null, PhotoProblem.NotAnImage);
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = Folder(orderId);
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, id + ".jpg"), cleaned, ct);
        return (id, PhotoProblem.None);
    }

    /// <summary>True when <paramref name="id"/> is a photo stored for <paramref name="orderId"/>.</summary>
    public bool Exists(Guid orderId, string id) =>
        id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower) && File.Exists(Path.Combine(Folder(orderId), id + ".jpg"));

    /// <summary>The stored bytes of a photo, or null.</summary>
    public async Task<byte[]?> ReadAsync(Guid orderId, string id, CancellationToken ct) =>
        Exists(orderId, id) ? await File.ReadAllBytesAsync(Path.Combine(Folder(orderId), id + ".jpg"), ct) : null;

    private string Folder(Guid orderId) => Path.Combine(_root, orderId.ToString("N"));

    private static bool LooksLikeAnImage(byte[] b) =>
        (b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        || (b.Length > 8 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4E && b[3] == 0x47)
        || (b.Length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P');

    // Decoding and encoding again keeps only pixels; the orientation is applied first so the photo stays upright.
    private static byte[]? Clean(byte[] bytes)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > 60_000_000)
        {
            return null;
        }

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        var scale = Math.Min(1f, (float)MaxSide / Math.Max(upright.Width, upright.Height));
        using var sized = scale < 1f
            ? upright.Resize(new SKImageInfo((int)(upright.Width * scale), (int)(upright.Height * scale)), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            : upright.Copy();
        using var image = SKImage.FromBitmap(sized);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return jpeg?.ToArray();
    }

    // Phones store most photos sideways with an orientation tag; the three rotations cover what cameras write.
    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var quarter = origin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(quarter ? bitmap.Height : bitmap.Width, quarter ? bitmap.Width : bitmap.Height);
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.BottomRight:
                canvas.RotateDegrees(180, bitmap.Width / 2f, bitmap.Height / 2f);
                break;
            case SKEncodedOrigin.RightTop:
                canvas.Translate(result.Width, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.LeftBottom:
                canvas.Translate(0, result.Height);
                canvas.RotateDegrees(270);
                break;
            default:
                break;
        }

        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        return result;
    }
}
