using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.EndToEnd;

/// <summary>
/// A seeded lossy network below the RM layer: with the reliable session on, delivery stays exactly once and in
/// order; with it off, the same network visibly loses and duplicates messages.
/// </summary>
public class LossyNetworkTests
{
    private static ReliableSessionSettings FastTimers(string rm, bool enabled = true) => new()
    {
        Enabled = enabled,
        ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)!,
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        MinRetransmissionTimeout = TimeSpan.FromMilliseconds(50),
        MaxRetryCount = 30,
        MaxPendingChannels = 16,
    };

    [Test]
    public async Task A_reliable_session_delivers_exactly_once_in_order_over_a_lossy_network(
        [Values("2005", "11")] string rm,
        [Values(false, true)] bool requestReply,
        [Values(7, 42)] int seed)
    {
        var settings = FastTimers(rm);
        var lossy = new LossyHandler(LossProfile.Harsh, seed);
        await using var service = await ServiceFixture.StartAsync(settings, lossy);
        var clientEvents = new RecordingEventSink();

        var sessions = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => service.OpenAsync(settings, requestReply, clientEvents)));
        var runs = await Task.WhenAll(sessions.Select(s => Workload.RunAsync(s, 250, requestReply, inFlight: 16, TestTimeout.Token)));
        await Task.WhenAll(sessions.Select(s => s.CloseAsync(TestTimeout.Token)));

        runs.SelectMany(r => r.Failures).Should().OnlyContain(f => f == null);
        foreach (var session in sessions)
        {
            Workload.ShouldHoldExactlyOnceInOrder(service.Host.Journal.EntriesOf(session.SessionId), 250);
            if (requestReply)
            {
                runs[Array.IndexOf(sessions, session)].Results.Skip(1).Should().Equal(Enumerable.Range(1, 250));
            }

            await session.DisposeAsync();
        }

        // The network really misbehaved, and the RM layer really worked around it.
        (lossy.Dropped + lossy.DroppedResponses).Should().BeGreaterThan(20);
        lossy.Duplicated.Should().BeGreaterThan(10);
        lossy.Reordered.Should().BeGreaterThan(10);
        clientEvents.OfKind(ReliabilityEventKind.Retransmitted).Should().NotBeEmpty();
        clientEvents.OfKind(ReliabilityEventKind.SessionFaulted).Should().BeEmpty();
        service.ServiceEvents.OfKind(ReliabilityEventKind.Duplicate).Should().NotBeEmpty("duplicates and lost answers make the destination suppress copies");
    }

    [Test]
    public async Task Without_the_reliable_session_the_same_network_loses_and_duplicates_messages([Values(7, 42)] int seed)
    {
        var settings = FastTimers("2005", enabled: false);
        var lossy = new LossyHandler(LossProfile.Harsh, seed);
        await using var service = await ServiceFixture.StartAsync(settings, lossy);
        await using var session = await service.OpenAsync(settings, expectReplies: false);

        var (_, failures) = await Workload.RunAsync(session, 300, requestReply: false, inFlight: 16, TestTimeout.Token);

        var sequences = service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence).ToArray();
        var missing = Enumerable.Range(1, 300).Except(sequences).ToArray();
        var duplicated = sequences.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();

        // The client believed every Post went through, yet the journal shows the damage.
        failures.Should().OnlyContain(f => f == null, "a dropped one-way message looks like success without WS-RM");
        missing.Should().NotBeEmpty("dropped requests are lost for good");
        missing.Length.Should().Be(lossy.Dropped);
        duplicated.Should().NotBeEmpty("duplicated requests are delivered twice");
        duplicated.Length.Should().Be(lossy.Duplicated - duplicated.Intersect(missing).Count());
        sequences.Should().NotEqual(Enumerable.Range(1, 300));
    }
}
