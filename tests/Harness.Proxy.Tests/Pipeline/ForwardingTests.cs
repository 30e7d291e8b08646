using Harness.Proxy.Faults;

namespace Harness.Proxy.Tests.Pipeline;

public class ForwardingTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task With_no_faults_every_message_passes_and_is_traced(bool requestReply)
    {
        await using var fixture = await ProxyFixture.StartAsync(FaultPlan.Empty);
        await using var session = await fixture.OpenAsync(requestReply);

        for (var i = 1; i <= 10; i++)
        {
            if (requestReply)
            {
                (await session.AppendAsync(i, "m" + i, Bound.Token)).Should().Be(i);
            }
            else
            {
                await session.PostAsync(i, "m" + i, Bound.Token);
            }
        }

        await session.CloseAsync(Bound.Token);

        fixture.Service.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 10));
        var requests = fixture.Proxy.Trace.Records.Where(r => r.Direction == FaultDirection.Request).ToList();
        requests.Should().Contain(r => r.Kind == RuleMessageKind.CreateSequence);
        requests.Where(r => r.Kind == RuleMessageKind.Application).Select(r => r.Number).Should().BeEquivalentTo(Enumerable.Range(1, 10).Select(n => (long)n));
        requests.Should().OnlyContain(r => r.Outcome == "forwarded" && r.Session == 0);
        fixture.Proxy.Trace.Records.Where(r => r.Direction == FaultDirection.Response && r.Kind == (requestReply ? RuleMessageKind.Reply : RuleMessageKind.Ack)).Should().HaveCountGreaterThanOrEqualTo(10);
        fixture.Proxy.Trace.Decisions.Should().BeEmpty();
    }
}
