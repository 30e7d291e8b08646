using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Harness.Proxy.Faults;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>
/// With the fault step active (here: a trace kept in memory), the proxy holds a body in memory only up to
/// <see cref="FaultProxyOptions.MaxClassifiedBodyBytes"/>, whatever its framing: a chunked request past the limit is
/// refused with a 413 that names it, and an answer past it streams on to the client unclassified.
/// </summary>
public class BodyLimitTests
{
    private const string SoapContentType = "application/soap+xml; charset=utf-8";

    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_chunked_request_larger_than_the_limit_is_refused_with_a_413_naming_the_limit()
    {
        const int limit = 64 * 1024;
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty, maxClassifiedBodyBytes: limit);
        using var timeout = new CancellationTokenSource(AnswerBound);
        using var content = Chunked(new GeneratedStream(length: 1024 * 1024));

        using var response = await fixture.Http.PostAsync(fixture.Endpoint, content, timeout.Token);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync(timeout.Token)).Should().Contain(limit.ToString(CultureInfo.InvariantCulture) + " bytes");
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Outcome == "refused")
            .Which.Should().Match<ProxyTraceRecord>(r => r.Status == 413 && r.Direction == FaultDirection.Request);
    }

    [Test]
    public async Task An_endless_chunked_upload_is_answered_with_a_413_while_it_is_still_sending()
    {
        // The default limit (4 MiB), passed within a second on loopback. A raw connection, because HttpClient reports
        // a broken upload rather than the answer that came before it: this client keeps sending while it reads.
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty);
        using var timeout = new CancellationTokenSource(AnswerBound);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Proxy.Address.Host, fixture.Proxy.Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = $"POST /journal HTTP/1.1\r\nHost: {fixture.Proxy.Address.Authority}\r\nContent-Type: {SoapContentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);

        using var stopUpload = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var upload = UploadForeverAsync(stream, stopUpload.Token);
        var statusLine = await ReadStatusLineAsync(stream, timeout.Token);
        var stillSending = !upload.IsCompleted;
        await stopUpload.CancelAsync();
        await upload;

        statusLine.Should().StartWith("HTTP/1.1 413");
        stillSending.Should().BeTrue("the answer came while the upload went on, not after it ended");
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Outcome == "refused")
            .Which.Detail.Should().Contain("4194304 bytes");
    }

    /// <summary>Sends 16 KiB chunks until stopped or until the proxy closes the connection.</summary>
    private static async Task UploadForeverAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var chunk = Encoding.ASCII.GetBytes("4000\r\n" + new string('x', 0x4000) + "\r\n");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Stopped by the test, or the proxy closed the connection after its drain: either ends the upload.
        }
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != (byte)'\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }

    [Test]
    public async Task A_chunked_request_within_the_limit_is_classified_and_forwarded()
    {
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty);
        using var timeout = new CancellationTokenSource(AnswerBound);
        var createSequence = CaptureBody("wire/corewcf-service/rm2005/01-CreateSequence-no-offer.request.http");
        using var content = Chunked(new MemoryStreamWithoutLength(createSequence));

        using var response = await fixture.Http.PostAsync(fixture.Endpoint, content, timeout.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("CreateSequenceResponse");
        fixture.Proxy.Trace.Records.Should().Contain(r => r.Direction == FaultDirection.Request && r.Kind == RuleMessageKind.CreateSequence && r.Outcome == "forwarded");
    }

    [Test]
    public async Task An_answer_larger_than_the_limit_reaches_the_client_whole_and_unclassified()
    {
        // A tiny request the service refuses with a SOAP fault: the limit lets the request in and not the fault.
        var request = "<x/>"u8.ToArray();
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty, maxClassifiedBodyBytes: 64);
        using var timeout = new CancellationTokenSource(AnswerBound);

        using var direct = await PostAsync(fixture.Http, fixture.Service.Endpoint, request, timeout.Token);
        using var proxied = await PostAsync(fixture.Http, fixture.Endpoint, request, timeout.Token);
        var directAnswer = await direct.Content.ReadAsByteArrayAsync(timeout.Token);
        var proxiedAnswer = await proxied.Content.ReadAsByteArrayAsync(timeout.Token);

        directAnswer.Length.Should().BeGreaterThan(64, "the service's answer is past the limit");
        proxied.StatusCode.Should().Be(direct.StatusCode);
        Encoding.UTF8.GetString(proxiedAnswer).Should().Be(Encoding.UTF8.GetString(directAnswer), "the answer arrives whole and untouched");
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Direction == FaultDirection.Response)
            .Which.Should().Match<ProxyTraceRecord>(r => r.Outcome == "passed-through" && r.Detail == "too large to classify" && r.Bytes == proxiedAnswer.Length);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri endpoint, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(SoapContentType);
        return await http.PostAsync(endpoint, content, cancellationToken);
    }

    private static byte[] CaptureBody(string name) =>
        WireMutations.LoadCaptures(RepositoryFiles.PathOf("tests", "Harness.Protocol.Tests", "Data")).Single(c => c.Name == name).Body;

    /// <summary>A body that declares no length, so HTTP/1.1 sends it chunked.</summary>
    private static StreamContent Chunked(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(SoapContentType);
        return content;
    }

    /// <summary>'x' bytes, as many as asked or for ever; not seekable, so its length is unknown to the client.</summary>
    private sealed class GeneratedStream(long? length) : Stream
    {
        private long _produced;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _produced;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length is { } total ? total - _produced : count);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _produced += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A real message sent without Content-Length.</summary>
    private sealed class MemoryStreamWithoutLength(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
