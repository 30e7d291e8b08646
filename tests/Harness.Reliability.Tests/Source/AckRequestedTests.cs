using System.Net;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Source;

/// <summary>The source sends AckRequested where it pays: before resending a large message, and when closing.</summary>
public class AckRequestedTests
{
    [Test]
    public async Task A_large_message_whose_answer_was_lost_is_not_sent_again([Values("2005", "11")] string rm)
    {
        var settings = new ReliableSessionSettings
        {
            ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)!,
            InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        };
        var loseFirstLargeAnswer = new LoseFirstLargeAnswerHandler();
        await using var service = await ServiceFixture.StartAsync(settings, loseFirstLargeAnswer);
        var events = new RecordingEventSink();
        await using var session = await service.OpenAsync(settings, expectReplies: false, events);

        await session.PostAsync(1, "small", TestTimeout.Token);
        await session.PostAsync(2, new string('x', 64 * 1024), TestTimeout.Token);
        await session.CloseAsync(TestTimeout.Token);

        loseFirstLargeAnswer.AnswersLost.Should().Be(1, "the destination received and delivered message 2, but its answer was lost");
        events.OfKind(ReliabilityEventKind.AckRequestedSent).Should().NotBeEmpty();
        events.OfKind(ReliabilityEventKind.Retransmitted).Should().NotContain(e => e.MessageNumber == 2, "the acknowledgement showed it had arrived");
        service.ServiceEvents.OfKind(ReliabilityEventKind.Duplicate).Should().BeEmpty();
        service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence).Should().Equal(1, 2);
    }

    /// <summary>Forwards everything, but replaces the first answer to a large request with an empty 202.</summary>
    private sealed class LoseFirstLargeAnswerHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        private int _answersLost;

        public int AnswersLost => _answersLost;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Content?.Headers.ContentLength > 32 * 1024 && Interlocked.CompareExchange(ref _answersLost, 1, 0) == 0)
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
            }

            return response;
        }
    }
}
