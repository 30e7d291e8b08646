using Harness.Proxy.Faults.Actions;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults.Actions;

public class AbortActionTests
{
    [Test]
    public void Reads_a_bare_name_and_refuses_parameters()
    {
        ActionExchange.Read("abort").Should().Be(new AbortAction());
        var withParameter = () => ActionExchange.Read("{abort: {status: 1}}");
        withParameter.Should().Throw<ScenarioLoadException>().WithMessage("faults.yaml:2:22: unknown key *status*");
    }

    [Test]
    public async Task Resets_the_connection()
    {
        var exchange = new ActionExchange();

        var outcome = await new AbortAction().ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("aborted", connectionReset: true));
        exchange.ConnectionReset.Should().BeTrue();
    }

    [Test]
    public void Describes_itself() => new AbortAction().Describe().Should().Be("abort");
}
