using System.Text.Json;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.WcfClient.Sessions;

namespace Harness.Cli.Tests;

/// <summary>
/// <c>harness proxy</c> standalone in front of <c>harness serve</c>, driven by a reliable-session client: the real WCF
/// client as a user would point it at the proxy (it names no session, so the proxy numbers sessions itself), and the
/// harness's own.
/// </summary>
public class ProxyCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [TestCase("wcf")]
    [TestCase("harness")]
    public async Task The_proxy_in_front_of_serve_applies_its_plan_and_traces_every_message(string client)
    {
        var folder = Directory.CreateTempSubdirectory("harness-proxy-");
        var scenario = Path.Combine(folder.FullName, "drop-third.yaml");
        await File.WriteAllTextAsync(scenario, "seed: 7\nfaults:\n  - name: drop message 3 once\n    match: {kind: application, messages: 3, attempt: first}\n    action: drop\n");
        var journal = Path.Combine(folder.FullName, "journal.jsonl");
        var trace = Path.Combine(folder.FullName, "trace.jsonl");

        await using var serve = HarnessProcess.Start("serve", "--port", "0", "--journal", journal);
        var serviceUrl = HarnessProcess.UrlIn(await serve.WaitForLineAsync(l => l.Contains("listening at", StringComparison.Ordinal), Bound));
        await using var proxy = HarnessProcess.Start("proxy", "--listen", "http://127.0.0.1:0", "--target", serviceUrl, "--scenario", scenario, "--trace", trace);
        var proxyUrl = HarnessProcess.UrlIn(await proxy.WaitForLineAsync(l => l.Contains("listening at", StringComparison.Ordinal), Bound));

        var endpoint = new Uri(new Uri(proxyUrl), "journal");
        using var http = JournalClient.CreateHttpClient();
        using var timeout = new CancellationTokenSource(Bound);
        IJournalSession opened = client == "wcf"
            ? await WcfJournalSession.OpenAsync(endpoint, new WcfSessionOptions(), timeout.Token)
            : await JournalClient.OpenSessionAsync(http, endpoint, new SessionOptions { Settings = new ReliableSessionSettings { InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(200) } }, timeout.Token);
        await using (var session = opened)
        {
            for (var i = 1; i <= 5; i++)
            {
                (await session.AppendAsync(i, "m" + i, timeout.Token)).Should().Be(i);
            }

            await session.CloseAsync(timeout.Token);
        }

        (await proxy.InterruptAsync(Bound)).Should().Be(0, proxy.Error);
        (await serve.InterruptAsync(Bound)).Should().Be(0, serve.Error);

        proxy.Output.Should().Contain("drop message 3 once").And.Contain("stopped;").And.Contain("drop 1");
        var lines = await File.ReadAllLinesAsync(trace);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var messages = records.Where(r => !r.TryGetProperty("summary", out _)).ToList();
        records.Last().GetProperty("summary").GetBoolean().Should().BeTrue("the trace ends with its summary when the proxy stops");
        records.Last().GetProperty("actions").GetProperty("drop").GetInt32().Should().Be(1);
        messages.Count(r => r.GetProperty("outcome").GetString() == "dropped").Should().Be(1);
        var applications = messages.Where(r => r.GetProperty("direction").GetString() == "request" && r.GetProperty("kind").GetString() == "application").ToList();
        applications.Select(r => r.GetProperty("number").GetInt64()).Should().BeEquivalentTo(new long[] { 1, 2, 3, 3, 4, 5 }, "message 3 passed twice: dropped, then retransmitted");
        messages.Should().Contain(r => r.GetProperty("kind").GetString() == "create-sequence");
        messages.Should().Contain(r => r.GetProperty("kind").GetString() == "terminate");

        var delivered = (await File.ReadAllLinesAsync(journal)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt32());
        delivered.Should().Equal(1, 2, 3, 4, 5);
    }

    [Test]
    public async Task A_whole_scenario_file_lends_the_proxy_its_faults_and_seed_and_names_what_is_not_used()
    {
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("harness-proxy-").FullName, "whole.yaml");
        await File.WriteAllTextAsync(scenario, "name: whole\ndescription: d\nseed: 9\nsettings: {max-retry-count: 3}\nworkload: {messages: 4}\nfaults:\n  - match: {kind: application, messages: 2}\n    action: drop\n");
        await using var proxy = HarnessProcess.Start("proxy", "--listen", "http://127.0.0.1:0", "--target", "http://127.0.0.1:1/journal", "--scenario", scenario);

        await proxy.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound);
        (await proxy.InterruptAsync(Bound)).Should().Be(0, proxy.Error);

        proxy.Output.Should().Contain("whole.yaml is a scenario file: the proxy uses its faults and seed").And.Contain("1 rule(s) from whole.yaml, seed 9");
    }

    [Test]
    public async Task A_malformed_scenario_is_a_one_line_error_and_exit_code_2()
    {
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("harness-proxy-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(scenario, "faults:\n  - action: dorp\n");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "proxy", "--listen", "http://127.0.0.1:0", "--target", "http://127.0.0.1:1/journal", "--scenario", scenario);

        exitCode.Should().Be(2);
        error.Trim().Should().StartWith(scenario + ":2:").And.Contain("dorp").And.NotContain("\n").And.NotContain(" at ");
        output.Should().BeEmpty();
    }

    [TestCase("http://10.0.0.1:8081", "loopback only")]
    [TestCase("ftp://127.0.0.1:8081", "not an http URL")]
    public async Task A_listen_address_off_loopback_is_refused(string listen, string message)
    {
        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "proxy", "--listen", listen, "--target", "http://127.0.0.1:1/journal", "--scenario", "none.yaml");

        exitCode.Should().Be(2);
        error.Should().Contain(message);
    }
}
