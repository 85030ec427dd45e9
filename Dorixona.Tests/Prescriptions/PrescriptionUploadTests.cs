using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Prescriptions;

/// <summary>Reading an uploaded file: by content, with a limit that stops reading before an oversized file is whole.</summary>
public sealed class PrescriptionUploadTests
{
    [Fact]
    public async Task An_oversized_file_is_refused_after_reading_little_more_than_the_limit()
    {
        await using var huge = new EndlessPdf(64L * 1024 * 1024);

        var result = await PrescriptionUploads.ReadAsync(huge, 1);

        Assert.Equal("prescription.fileTooLarge", result.Errors[0].Code);
        Assert.True(huge.Consumed <= PrescriptionUploads.MaxBytes + 128 * 1024, $"read {huge.Consumed} bytes of {huge.Length}");
    }

    [Theory]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("png", "image/png")]
    [InlineData("webp", "image/webp")]
    [InlineData("pdf", "application/pdf")]
    public async Task Pictures_and_pdf_are_recognised_by_their_first_bytes(string kind, string contentType)
    {
        var bytes = kind switch
        {
            "jpeg" => TestImages.Jpeg,
            "png" => TestImages.Png,
            "webp" => TestImages.WebP,
            _ => "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray(),
        };
        var result = await PrescriptionUploads.ReadAsync(new MemoryStream(bytes), 1);
        Assert.Equal(contentType, result.Value!.Format.ContentType);
    }

    [Fact]
    public async Task Text_and_a_sixth_file_are_refused()
    {
        Assert.Equal("prescription.fileType", (await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Text), 1)).Errors[0].Code);
        Assert.Equal("prescription.tooManyFiles", (await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 6)).Errors[0].Code);
    }

    /// <summary>A PDF header and then zeros, produced as it is read, counting what was read.</summary>
    private sealed class EndlessPdf(long length) : Stream
    {
        public long Consumed { get; private set; }
        public override long Length => length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Position { get => Consumed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Consumed);
            Array.Clear(buffer, offset, n);
            if (Consumed == 0 && n >= 5) "%PDF-"u8.CopyTo(buffer.AsSpan(offset));
            Consumed += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
