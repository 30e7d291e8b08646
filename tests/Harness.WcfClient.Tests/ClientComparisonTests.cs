using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.WcfClient.Sessions;
using Harness.WcfClient.Tests.Support;

namespace Harness.WcfClient.Tests;

/// <summary>The session shapes both clients have: which calls, and whether CreateSequence offers a reply sequence.</summary>
public enum SessionShape
{
    /// <summary>Request-reply Appends; both clients offer a reply sequence.</summary>
    Appends,

    /// <summary>One-way Posts on a session that offers a reply sequence (WCF: the mixed contract).</summary>
    PostsOfferingReplies,

    /// <summary>One-way Posts without an Offer (WCF: the one-way-only contract).</summary>
    PostsWithoutOffer,
}

/// <summary>
/// The harness's own client must put on the wire what the real WCF client does, so that a target that works with one
/// works with the other. Both run the same workload (CreateSequence, three calls, close) through a recorder in front
/// of the journal service, and their requests are compared kind by kind (see <see cref="RequestComparison"/>).
/// </summary>
public class ClientComparisonTests
{
    private const int Calls = 3;

    [Test]
    public async Task The_harness_client_sends_the_requests_the_WCF_client_sends(
        [Values("2005", "11")] string rm,
        [Values] SessionShape shape,
        [Values("Soap12WSAddressing10", "Soap11WSAddressing10", "Soap12WSAddressingAugust2004", "Soap11WSAddressingAugust2004")] string messageVersion)
    {
        var settings = InteropSettings.For(rm, InteropSettings.MessageVersionNamed(messageVersion));
        using var bound = Bounded.Test();

        var harness = await RecordAsync(settings, shape, useWcf: false, bound.Token);
        var wcf = await RecordAsync(settings, shape, useWcf: true, bound.Token);

        // Resends are left out of the comparison (their number depends on timing); reported for whoever reads the log.
        TestContext.Out.WriteLine($"resends: harness client {harness.Count - RequestComparison.FirstSends(harness).Count}, WCF client {wcf.Count - RequestComparison.FirstSends(wcf).Count}");
        var differences = RequestComparison.Differences(harness, wcf);
        differences.Should().BeEmpty(
            "the harness client's requests should match the WCF client's; harness kinds: {0}; WCF kinds: {1}",
            string.Join(" ", harness.Select(r => r.Kind)),
            string.Join(" ", wcf.Select(r => r.Kind)));
    }

    /// <summary>
    /// Runs the workload with one client through a fresh recorded service, checks that it was delivered (so both
    /// recordings are of a working session), and returns the requests in arrival order.
    /// </summary>
    private static async Task<IReadOnlyList<WireRequest>> RecordAsync(ReliableSessionSettings settings, SessionShape shape, bool useWcf, CancellationToken cancellationToken)
    {
        var offersReplies = shape != SessionShape.PostsWithoutOffer;
        await using var service = await InteropService.StartRecordedAsync(settings, cancellationToken);
        using var http = JournalClient.CreateHttpClient();
        IJournalSession session = useWcf
            ? await WcfJournalSession.OpenAsync(service.Endpoint, new WcfSessionOptions { Settings = settings, OneWayContract = !offersReplies, Labels = TestSessionLabels.Of(0) }, cancellationToken)
            : await JournalClient.OpenSessionAsync(http, service.Endpoint, new SessionOptions { Settings = settings, ExpectReplies = offersReplies, Labels = TestSessionLabels.Of(0) }, cancellationToken);
        await using (session)
        {
            var operation = shape == SessionShape.Appends ? JournalOperation.Append : JournalOperation.Post;
            await Workload.CallInTurnAsync(session, operation, Calls, cancellationToken);
            await session.CloseAsync(cancellationToken);
            Workload.ShouldHoldEveryCallOnceInOrder(service.Host.Journal.EntriesOf(session.SessionId), operation, Calls);
        }

        return WireRequest.ReadAll(service.Recorder!.Requests);
    }
}
