using System.Text.Json;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.WcfClient.Sessions;

namespace Harness.Cli.Tests;

/// <summary>
/// <c>harness proxy --check</c> with the real WCF client: the proxy judges the sessions it saw on the wire alone, for
/// any contract, and writes the same report as <c>harness run</c>.
/// </summary>
public class ProxyCheckTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [TestCase("faults: []\n")]
    [TestCase("faults:\n  - match: {kind: application, messages: [2, 5], attempt: first}\n    action: drop\n  - match: {direction: response, kind: reply, messages: 4, attempt: first}\n    action: drop-response\n")]
    public async Task A_clean_or_lossy_session_in_front_of_serve_passes_and_leaves_a_report(string plan)
    {
        var folder = Directory.CreateTempSubdirectory("harness-check-");
        await using var serve = HarnessProcess.Start("serve", "--port", "0");
        var serviceUrl = HarnessProcess.UrlIn(await serve.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound));

        var (exitCode, output) = await CheckAsync(folder, serviceUrl, plan, appends: 8);

        (await serve.InterruptAsync(Bound)).Should().Be(0, serve.Error);
        exitCode.Should().Be(0, output);
        output.Should().Contain("wire check PASS: 1 sequence(s), 0 problem(s)").And.Contain("terminated; 9 message(s) sent");
        var result = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(folder.FullName, "result.json", SearchOption.AllDirectories).Single())).RootElement;
        result.GetProperty("summary").GetProperty("exitCode").GetInt32().Should().Be(0);
        var scenario = result.GetProperty("scenarios")[0];
        scenario.GetProperty("expectationMet").GetBoolean().Should().BeTrue();
        scenario.GetProperty("trace").GetArrayLength().Should().BeGreaterThan(18, "the report's timeline is the proxy's trace");
        File.Exists(Path.Combine(Path.GetDirectoryName(Directory.GetFiles(folder.FullName, "result.json", SearchOption.AllDirectories).Single())!, "report.html")).Should().BeTrue();
    }

    [Test]
    public async Task A_destination_that_acknowledges_what_it_never_received_fails_naming_the_message()
    {
        var folder = Directory.CreateTempSubdirectory("harness-check-");
        await using var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Defects = DestinationDefects.AcknowledgeNextUnreceived } },
            CancellationToken.None);

        var (exitCode, output) = await CheckAsync(folder, service.Endpoint.ToString(), "faults: []\n", appends: 4);

        exitCode.Should().Be(1, output);
        output.Should().Contain("wire check FAIL").And.Contain("[AcknowledgedUnreceived] message 2 was acknowledged");
        var result = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(folder.FullName, "result.json", SearchOption.AllDirectories).Single())).RootElement;
        result.GetProperty("summary").GetProperty("exitCode").GetInt32().Should().Be(1);
        result.GetProperty("scenarios")[0].GetProperty("verdict").GetProperty("violations")[0].GetProperty("message").GetString()
            .Should().Contain("message 2 was acknowledged").And.Contain("before any copy of it reached the service");
    }

    /// <summary>The proxy with --check in front of <paramref name="serviceUrl"/>, one WCF session of request-reply calls through it, then Ctrl+C.</summary>
    private static async Task<(int ExitCode, string Output)> CheckAsync(DirectoryInfo folder, string serviceUrl, string plan, int appends)
    {
        var scenario = Path.Combine(folder.FullName, "plan.yaml");
        await File.WriteAllTextAsync(scenario, plan);
        await using var proxy = HarnessProcess.Start("proxy", "--listen", "http://127.0.0.1:0", "--target", serviceUrl, "--scenario", scenario, "--check", "--report-dir", Path.Combine(folder.FullName, "reports"));
        var proxyUrl = HarnessProcess.UrlIn(await proxy.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound));
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await using var session = await WcfJournalSession.OpenAsync(new Uri(new Uri(proxyUrl), "journal"), new WcfSessionOptions(), timeout.Token);
            for (var i = 1; i <= appends; i++)
            {
                await session.AppendAsync(i, "m" + i, timeout.Token);
            }

            await session.CloseAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is Reliability.Source.JournalCallException or Reliability.Source.ReliableSessionFaultedException)
        {
            // A broken destination may make the client fault: the check judges what reached the wire either way.
        }

        var exitCode = await proxy.InterruptAsync(Bound);
        return (exitCode, proxy.Output + proxy.Error);
    }
}
