using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

public class DropActionTests
{
    [Test]
    public void Reads_its_answer_and_defaults_to_an_empty_202()
    {
        ActionExchange.Read("drop").Should().Be(new DropAction(LostAnswer.Empty202));
        ActionExchange.Read("{drop: {answer: abort}}").Should().Be(new DropAction(LostAnswer.Abort));
    }

    [Test]
    public async Task Ends_the_exchange_with_an_empty_202()
    {
        var exchange = new ActionExchange();

        var outcome = await new DropAction().ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("dropped"));
        exchange.Http.Response.StatusCode.Should().Be(202);
        exchange.Http.Response.ContentLength.Should().Be(0);
        exchange.ConnectionReset.Should().BeFalse();
    }

    [Test]
    public async Task With_answer_abort_resets_the_connection()
    {
        var exchange = new ActionExchange();

        var outcome = await new DropAction(LostAnswer.Abort).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("dropped", connectionReset: true));
        exchange.ConnectionReset.Should().BeTrue();
    }

    [Test]
    public void Describes_itself_with_its_answer() =>
        new DropAction(LostAnswer.Abort).Describe().Should().Be("drop (answer abort)");
}
