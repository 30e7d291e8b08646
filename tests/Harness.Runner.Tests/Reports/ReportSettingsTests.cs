using Harness.Reliability.Settings;
using Harness.Runner.Reports;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Reports;

/// <summary>The report states every setting a client used, and none it has no knob for.</summary>
public class ReportSettingsTests
{
    [Test]
    public void The_WCF_clients_settings_leave_out_the_harness_clients_timers_and_keep_everything_else()
    {
        var harness = ScenarioReportBuilder.Settings(ReliableSessionSettings.Default, ClientKind.Harness);
        var wcf = ScenarioReportBuilder.Settings(ReliableSessionSettings.Default, ClientKind.Wcf);

        harness.Keys.Should().Contain(["initial-retransmission-timeout", "min-retransmission-timeout", "max-retry-count"]);
        wcf.Keys.Should().NotContain(["initial-retransmission-timeout", "min-retransmission-timeout"], "WCF has no knob for them");
        wcf.Keys.Should().BeEquivalentTo(harness.Keys.Except(["initial-retransmission-timeout", "min-retransmission-timeout"]));
    }
}
