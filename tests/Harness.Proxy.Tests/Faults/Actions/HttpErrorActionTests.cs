using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

public class HttpErrorActionTests
{
    [Test]
    public void Reads_its_status_and_defaults_to_503()
    {
        ActionExchange.Read("http-error").Should().Be(new HttpErrorAction(503));
        ActionExchange.Read("{http-error: {status: 400}}").Should().Be(new HttpErrorAction(400));
    }

    [Test]
    public async Task Answers_the_status_instead_of_the_service()
    {
        var exchange = new ActionExchange();

        var outcome = await new HttpErrorAction(500).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("http-error"));
        exchange.Http.Response.StatusCode.Should().Be(500);
        exchange.ConnectionReset.Should().BeFalse();
    }

    [Test]
    public void Describes_itself_with_its_status() => new HttpErrorAction(502).Describe().Should().Be("http-error 502");
}
