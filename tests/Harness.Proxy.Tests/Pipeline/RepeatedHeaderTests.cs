using System.Net.Http.Headers;
using System.Text;
using Harness.Proxy.Faults;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>
/// A request carrying a WS-RM header twice once sent the fault step's classifier round for ever (a core at 100%, no
/// answer). Through the proxy, with the fault step on, it must now be classified and answered within a bound.
/// </summary>
public class RepeatedHeaderTests
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    [TestCase(2)]
    [TestCase(5)]
    public async Task A_request_with_AckRequested_repeated_is_classified_and_answered_within_the_bound(int copies)
    {
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty);
        var capture = WireMutations.LoadCaptures(RepositoryFiles.PathOf("tests", "Harness.Protocol.Tests", "Data"))
            .Single(c => c.Name == "wire/wcf-client/rm2005/request-reply-polling/003-AckRequested-rm2005.xml");
        var xml = Encoding.UTF8.GetString(capture.Body);
        var start = xml.IndexOf("<r:AckRequested>", StringComparison.Ordinal);
        var end = xml.IndexOf("</r:AckRequested>", StringComparison.Ordinal) + "</r:AckRequested>".Length;
        var repeated = xml[..start] + string.Concat(Enumerable.Repeat(xml[start..end], copies)) + xml[end..];
        using var content = new StringContent(repeated, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/soap+xml; charset=utf-8");
        using var timeout = new CancellationTokenSource(AnswerBound);

        using var response = await fixture.Http.PostAsync(fixture.Endpoint, content, timeout.Token);

        ((int)response.StatusCode).Should().BeInRange(200, 599);
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Direction == FaultDirection.Request)
            .Which.Kind.Should().Be(RuleMessageKind.AckRequested);
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Direction == FaultDirection.Response, "the answer was classified too");
    }
}
