using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

public class DuplicateActionTests
{
    [Test]
    public void Reads_its_copies_and_defaults_to_one()
    {
        ActionExchange.Read("duplicate").Should().Be(new DuplicateAction(1));
        ActionExchange.Read("{duplicate: {copies: 3}}").Should().Be(new DuplicateAction(3));
    }

    [Test]
    public async Task Asks_for_extra_copies_of_a_request()
    {
        var exchange = new ActionExchange(FaultDirection.Request);

        var outcome = await new DuplicateAction(2).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Passes.Should().BeTrue();
        exchange.Exchange.ExtraCopies.Should().Be(2);
    }

    [Test]
    public async Task Lets_an_answer_pass_once_and_says_why()
    {
        var exchange = new ActionExchange(FaultDirection.Response);

        var outcome = await new DuplicateAction(2).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Passes.Should().BeTrue();
        outcome.Detail.Should().Contain("does not apply to answers");
        exchange.Exchange.ExtraCopies.Should().Be(0);
    }

    [Test]
    public void Describes_itself_with_its_copies() =>
        new DuplicateAction(2).Describe().Should().Be("duplicate (2 extra)");
}
