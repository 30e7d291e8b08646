using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;

namespace Harness.Cli.Tests;

/// <summary><c>harness serve</c> as a user runs it: started, used by a client, stopped with Ctrl+C.</summary>
[NonParallelizable]
public class ServeCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private const string Soap = "http://www.w3.org/2003/05/soap-envelope";
    private const string Addressing = "http://www.w3.org/2005/08/addressing";
    private const string Rm = "http://schemas.xmlsoap.org/ws/2005/02/rm";

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "harness-serve-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task The_stop_line_counts_the_request_still_in_flight_at_Ctrl_C_as_the_journal_file_does()
    {
        var journal = Path.Combine(_folder, "journal.jsonl");
        await using var serve = HarnessProcess.Start("serve", "--port", "0", "--journal", journal);
        var listening = await serve.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound);
        var endpoint = new Uri(listening.Split(' ').First(word => word.StartsWith("http://", StringComparison.Ordinal)).TrimEnd(',', ';'));
        using var http = new HttpClient { Timeout = Bound };
        using var timeout = new CancellationTokenSource(Bound);

        var created = await PostAsync(http, endpoint, Encoding.UTF8.GetBytes(Envelope(endpoint, $"<a:Action s:mustUnderstand=\"1\">{Rm}/CreateSequence</a:Action>{MessageId()}", $"<r:CreateSequence><r:AcksTo><a:Address>{Addressing}/anonymous</a:Address></r:AcksTo></r:CreateSequence>")), timeout.Token);
        var sequenceId = SoapMessageReader.Read(created).Body.Should().BeOfType<CreateSequenceResponse>().Subject.Identifier;
        for (var number = 1; number <= 3; number++)
        {
            await PostAsync(http, endpoint, Encoding.UTF8.GetBytes(Post(endpoint, sequenceId, number)), timeout.Token);
        }

        // Message 4 is in flight when Ctrl+C arrives: its headers and half its body are sent, the rest only after.
        var fourth = Encoding.UTF8.GetBytes(Post(endpoint, sequenceId, 4));
        using var content = new HeldBackContent(fourth, fourth.Length / 2);
        var inFlight = PostAsync(http, endpoint, content, timeout.Token);
        await content.FirstPartSent.WaitAsync(timeout.Token);
        var stopping = serve.InterruptAsync(Bound);

        // Time for the command to take the interrupt (and, before the fix, to print its count) while the request waits.
        await Task.Delay(TimeSpan.FromMilliseconds(700), timeout.Token);
        content.SendTheRest();
        await inFlight;
        (await stopping).Should().Be(0, serve.Error);

        var delivered = (await File.ReadAllLinesAsync(journal, timeout.Token)).Length;
        delivered.Should().Be(4, "the request in flight at Ctrl+C is served before the service stops");
        serve.Output.Split('\n').Select(line => line.Trim()).Should().Contain($"stopped; {delivered} messages delivered", serve.Output);
    }

    private static async Task<byte[]> PostAsync(HttpClient http, Uri endpoint, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        return await PostAsync(http, endpoint, content, cancellationToken);
    }

    private static async Task<byte[]> PostAsync(HttpClient http, Uri endpoint, HttpContent content, CancellationToken cancellationToken)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/soap+xml; charset=utf-8");
        using var response = await http.PostAsync(endpoint, content, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, Encoding.UTF8.GetString(answer));
        return answer;
    }

    private static string Post(Uri endpoint, string sequenceId, int number) => Envelope(
        endpoint,
        $"<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>{sequenceId}</r:Identifier><r:MessageNumber>{number}</r:MessageNumber></r:Sequence><a:Action s:mustUnderstand=\"1\">http://harness.example/reliable/IJournal/Post</a:Action>",
        $"<Post xmlns=\"http://harness.example/reliable\"><sequence>{number}</sequence><payload>m{number}</payload></Post>");

    private static string Envelope(Uri endpoint, string headers, string body) =>
        $"<s:Envelope xmlns:s=\"{Soap}\" xmlns:a=\"{Addressing}\" xmlns:r=\"{Rm}\"><s:Header>{headers}<a:To s:mustUnderstand=\"1\">{endpoint.AbsoluteUri}</a:To></s:Header><s:Body>{body}</s:Body></s:Envelope>";

    private static string MessageId() => $"<a:MessageID>urn:uuid:{Guid.NewGuid()}</a:MessageID>";

    /// <summary>A body sent in two parts: the first at once, the rest when the test says so.</summary>
    private sealed class HeldBackContent(byte[] body, int firstPart) : HttpContent
    {
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sendTheRest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _sendTheRest.TrySetResult();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(body.AsMemory(0, firstPart), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _firstPartSent.TrySetResult();
            await _sendTheRest.Task.WaitAsync(Bound, cancellationToken);
            await stream.WriteAsync(body.AsMemory(firstPart), cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
