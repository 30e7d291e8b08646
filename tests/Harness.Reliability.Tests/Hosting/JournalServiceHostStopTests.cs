using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Hosting;

/// <summary>Stopping the journal service: what is in flight is served, and the journal is final afterwards.</summary>
public class JournalServiceHostStopTests
{
    [Test]
    public async Task A_request_half_received_when_the_host_stops_is_served_and_counted()
    {
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = ReliableMessagingVersion.WSReliableMessagingFebruary2005 };
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var created = (await service.SendRawAsync(text.CreateSequence())).ShouldBeMessage(200, "CreateSequence");
        var sequenceId = ((CreateSequenceResponse)created.Body).Identifier;
        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");

        var second = Encoding.UTF8.GetBytes(text.Post(sequenceId, 2));
        using var content = new HeldBackContent(second, second.Length / 2);
        using var request = new HttpRequestMessage(HttpMethod.Post, service.Endpoint) { Content = content };
        var inFlight = service.Http.SendAsync(request, TestTimeout.Token);
        await content.FirstPartSent.WaitAsync(TestTimeout.Token);

        var stopping = service.Host.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestTimeout.Token);
        stopping.IsCompleted.Should().BeFalse("the stop waits for the request in flight");
        content.SendTheRest();
        using var response = await inFlight;
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), TestTimeout.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestTimeout.Token));
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Payload.Preview).Should().Equal("m1", "m2");
    }

    /// <summary>A body sent in two parts: the first at once, the rest when the test says so.</summary>
    private sealed class HeldBackContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _firstPart;
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sendTheRest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBackContent(byte[] body, int firstPart)
        {
            _body = body;
            _firstPart = firstPart;
            Headers.ContentType = MediaTypeHeaderValue.Parse(RawSoapExchange.SoapContentType);
        }

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _sendTheRest.TrySetResult();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_body.AsMemory(0, _firstPart), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _firstPartSent.TrySetResult();
            await _sendTheRest.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            await stream.WriteAsync(_body.AsMemory(_firstPart), cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
