using System.Text;
using Harness.Protocol.Timing;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>The proxy keeps time only by the clock it is given: rule time windows and trace times follow a fake clock.</summary>
public class ProxyClockTests
{
    [Test]
    public async Task A_rule_time_window_opens_and_closes_on_the_proxy_clock()
    {
        var time = new FakeTimeProvider();
        var window = new FaultMatch { After = TimeSpan.FromSeconds(10), For = TimeSpan.FromSeconds(5) };
        await using var fixture = await ProxyFixture.StartAsync(new FaultPlan([new FaultRule(0, window, new HttpErrorAction(418))]), clock: new RunClock(time));

        var before = await PostAsync(fixture);
        time.Advance(TimeSpan.FromSeconds(10));
        var opened = await PostAsync(fixture);
        time.Advance(TimeSpan.FromMilliseconds(4999));
        var stillOpen = await PostAsync(fixture);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var closed = await PostAsync(fixture);

        new[] { before, opened, stillOpen, closed }.Select(status => status == 418).Should().Equal(false, true, true, false);
        fixture.Proxy.Trace.Records.Where(r => r.Direction == FaultDirection.Request).Select(r => r.TimeMs)
            .Should().Equal([0, 10_000, 14_999, 15_000], "trace times are the proxy clock's");
    }

    private static async Task<int> PostAsync(ProxyFixture fixture)
    {
        using var content = new StringContent("<not-soap/>", Encoding.UTF8, "application/soap+xml");
        using var response = await fixture.Http.PostAsync(fixture.Endpoint, content);
        return (int)response.StatusCode;
    }
}
