using Harness.Protocol.Versions;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.EndToEnd;

/// <summary>End to end on loopback without faults: exactly once and in order, at volume.</summary>
public class DeliveryTests
{
    [Test]
    public async Task Ten_thousand_messages_in_one_session_arrive_exactly_once_in_order(
        [Values("2005", "11")] string rm,
        [Values(false, true)] bool requestReply)
    {
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)! };
        await using var service = await ServiceFixture.StartAsync(settings);
        await using var session = await service.OpenAsync(settings, requestReply);

        var (results, failures) = await Workload.RunAsync(session, 10_000, requestReply, inFlight: 64, TestTimeout.Token);
        await session.CloseAsync(TestTimeout.Token);

        failures.Should().OnlyContain(f => f == null);
        Workload.ShouldHoldExactlyOnceInOrder(service.Host.Journal.EntriesOf(session.SessionId), 10_000);
        if (requestReply)
        {
            results.Skip(1).Should().Equal(Enumerable.Range(1, 10_000), "Append returns the session's delivered count, and delivery is in order");
        }
    }

    [Test]
    public async Task Twenty_concurrent_sessions_of_500_messages_arrive_exactly_once_in_order(
        [Values("2005", "11")] string rm,
        [Values(false, true)] bool requestReply)
    {
        // 20 sessions open at once: MaxPendingChannels (WCF's default 4) would refuse most of them.
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)!, MaxPendingChannels = 32 };
        await using var service = await ServiceFixture.StartAsync(settings);

        var sessions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => service.OpenAsync(settings, requestReply)));
        var runs = await Task.WhenAll(sessions.Select(s => Workload.RunAsync(s, 500, requestReply, inFlight: 16, TestTimeout.Token)));
        await Task.WhenAll(sessions.Select(s => s.CloseAsync(TestTimeout.Token)));

        runs.SelectMany(r => r.Failures).Should().OnlyContain(f => f == null);
        sessions.Select(s => s.SessionId).Should().OnlyHaveUniqueItems();
        foreach (var session in sessions)
        {
            Workload.ShouldHoldExactlyOnceInOrder(service.Host.Journal.EntriesOf(session.SessionId), 500);
            await session.DisposeAsync();
        }

        service.Host.Journal.Count.Should().Be(20 * 500);
    }

    [Test]
    public async Task Unordered_sessions_deliver_every_message_exactly_once()
    {
        var settings = new ReliableSessionSettings { Ordered = false, ReliableMessagingVersion = ReliableMessagingVersion.WSReliableMessaging11 };
        await using var service = await ServiceFixture.StartAsync(settings);
        await using var session = await service.OpenAsync(settings, expectReplies: false);

        var (_, failures) = await Workload.RunAsync(session, 2_000, requestReply: false, inFlight: 32, TestTimeout.Token);
        await session.CloseAsync(TestTimeout.Token);

        failures.Should().OnlyContain(f => f == null);
        service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence).Should().BeEquivalentTo(Enumerable.Range(1, 2_000));
    }
}
