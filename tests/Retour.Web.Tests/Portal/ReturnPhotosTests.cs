using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Retour.Web.Features.Portal;
using SkiaSharp;

namespace Retour.Web.Tests.Portal;

/// <summary>Photos shoppers upload: only images, not too large, kept per order, and stripped of their metadata.</summary>
public sealed class ReturnPhotosTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"retour-photos-{Guid.NewGuid():N}");
    private readonly ReturnPhotos _photos;

    public ReturnPhotosTests()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Photos"] = _folder }).Build();
        _photos = new ReturnPhotos(settings, new HostingEnvironment { ContentRootPath = _folder });
    }

    [Fact]
    public async Task Save_AJpegWithLocationMetadata_KeepsThePictureAndDropsTheMetadata()
    {
        var order = Guid.NewGuid();
        var jpeg = WithExif(Picture(SKEncodedImageFormat.Jpeg, 64, 48), "GPS 45.7640N 4.8357E Lyon; owner Camille Martin");
        using var upload = new MemoryStream(jpeg);

        var (id, problem) = await _photos.SaveAsync(order, upload, jpeg.Length, CancellationToken.None);

        Assert.Equal(PhotoProblem.None, problem);
        var stored = await _photos.ReadAsync(order, id!, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal([0xFF, 0xD8, 0xFF], stored![..3]);
        Assert.DoesNotContain("Camille", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(stored);
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Save_ATextFileNamedLikeAPhoto_IsRefusedAsNotAnImage()
    {
        var text = Encoding.UTF8.GetBytes("<script>alert('x')</script> not a photo at all");
        using var upload = new MemoryStream(text);

        var (id, problem) = await _photos.SaveAsync(Guid.NewGuid(), upload, text.Length, CancellationToken.None);

        Assert.Null(id);
        Assert.Equal(PhotoProblem.NotAnImage, problem);
    }

    [Fact]
    public async Task Save_WhenLargerThanTheLimit_IsRefusedBeforeReadingIt()
    {
        using var upload = new MemoryStream(Picture(SKEncodedImageFormat.Png, 8, 8));

        var (id, problem) = await _photos.SaveAsync(Guid.NewGuid(), upload, ReturnPhotos.MaxBytes + 1, CancellationToken.None);

        Assert.Null(id);
        Assert.Equal(PhotoProblem.TooLarge, problem);
    }

    [Fact]
    public async Task Exists_ForAnotherOrderOrAPathTrick_IsFalse()
    {
        var order = Guid.NewGuid();
        var png = Picture(SKEncodedImageFormat.Png, 20, 20);
        using var upload = new MemoryStream(png);
        var (id, _) = await _photos.SaveAsync(order, upload, png.Length, CancellationToken.None);

        Assert.True(_photos.Exists(order, id!));
        Assert.False(_photos.Exists(Guid.NewGuid(), id!));
        Assert.False(_photos.Exists(order, "../" + id));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static byte[] Picture(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(200, 80, 40));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    // An APP1 "Exif" segment right after the JPEG's start marker, carrying the text where a camera puts its tags.
    private static byte[] WithExif(byte[] jpeg, string secret)
    {
        var payload = Encoding.ASCII.GetBytes("Exif\0\0MM\0*\0\0\0\b" + secret);
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)(length & 0xFF), .. payload, .. jpeg[2..]];
    }
}
