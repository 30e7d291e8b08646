using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

public class DropResponseActionTests
{
    [Test]
    public void Reads_its_answer() =>
        ActionExchange.Read("{drop-response: {answer: abort}}").Should().Be(new DropResponseAction(LostAnswer.Abort));

    [Test]
    public async Task On_a_request_lets_it_pass_and_takes_the_answer()
    {
        var exchange = new ActionExchange(FaultDirection.Request);
        var action = new DropResponseAction();

        var outcome = await action.ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Pass());
        exchange.Exchange.AnswerAction.Should().BeSameAs(action);
        action.ActsOnAnswer.Should().BeTrue("the proxy must capture answers for it");
    }

    [Test]
    public async Task On_an_answer_swallows_it()
    {
        var exchange = new ActionExchange(FaultDirection.Response);

        var outcome = await new DropResponseAction().ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("dropped"));
        exchange.Http.Response.StatusCode.Should().Be(202);
    }

    [Test]
    public void Describes_itself_with_its_answer() =>
        new DropResponseAction().Describe().Should().Be("drop-response (answer empty-202)");
}
