using System.CommandLine;
using System.Globalization;
using System.Net;
using Harness.Proxy.Faults.Yaml;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Proxy.WireCheck;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Cli.Commands;

/// <summary><c>harness proxy</c>: the fault proxy, standalone, in front of any WS-RM endpoint, until Ctrl+C.</summary>
internal static class ProxyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Where the proxy listens, e.g. http://127.0.0.1:8081 (loopback only; port 0 picks a free one).",
            Required = true,
        };
        var target = new Option<string>("--target")
        {
            Description = "The WS-RM endpoint every request is forwarded to, e.g. http://127.0.0.1:8080/journal.",
            Required = true,
        };
        var scenario = new Option<FileInfo?>("--scenario")
        {
            Description = "A fault file (name, description, seed, faults) or a whole scenario file, whose 'faults:' section is the fault plan and whose 'seed:' is the default seed; a scenario's other keys describe a harness run and are named as unused.",
            Required = true,
        };
        var seed = new Option<long?>("--seed")
        {
            Description = "Seed of every fault decision (overrides the file's); the same seed makes the same decisions.",
        };
        var trace = new Option<FileInfo?>("--trace")
        {
            Description = "Write one JSON line per message event here (and a summary line with the counts per action on exit).",
        };

        var check = new Option<bool>("--check")
        {
            Description = "On stop, judge every reliable session seen, whatever its contract: every message acknowledged before its sequence ended, none acknowledged before a copy reached the service, "
                + "acknowledgements never shrinking, every request-reply request answered. Prints PASS or FAIL, writes report.html, result.json and junit.xml, exits 0 or 1. Keeps every message's record in memory until then.",
        };
        var reportDir = new Option<string>("--report-dir")
        {
            Description = "With --check: where the report folder is created.",
            DefaultValueFactory = _ => "reports",
        };

        scenario.AcceptFilePath();
        seed.AcceptWholeNumber();
        trace.AcceptFilePath();

        var command = new Command("proxy", "Run the fault proxy in front of a WS-RM endpoint until Ctrl+C.")
        {
            listen,
            target,
            scenario,
            seed,
            trace,
            check,
            reportDir,
        };

        command.SetAction(async (parseResult, invocationToken) =>
        {
            if (!parseResult.GetValue(check) && parseResult.GetResult(reportDir) is { Implicit: false })
            {
                await error.WriteLineAsync("harness proxy: --report-dir is used only with --check (without it the proxy writes no report; --trace FILE records every message).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (!TryParseListen(parseResult.GetValue(listen)!, out var endpoint, out var listenProblem))
            {
                await error.WriteLineAsync("harness proxy: " + listenProblem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (!Uri.TryCreate(parseResult.GetValue(target), UriKind.Absolute, out var targetUri) || targetUri.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"harness proxy: --target '{parseResult.GetValue(target)}' is not an http(s) URL.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var scenarioFile = parseResult.GetValue(scenario)!;
            if (await LoadPlanAsync(scenarioFile.FullName, output, error).ConfigureAwait(false) is not var (plan, fileSeed))
            {
                return ExitCodes.UsageError;
            }

            var effectiveSeed = parseResult.GetValue(seed) ?? fileSeed ?? 1;
            var traceFile = parseResult.GetValue(trace);
            using var shutdown = new ShutdownSignal(invocationToken);
            var wireCheck = parseResult.GetValue(check) ? new WireChecker() : null;
            var startedAt = DateTimeOffset.UtcNow;
            await using var proxy = await FaultProxyHost.StartAsync(
                endpoint,
                new FaultProxyOptions
                {
                    Target = targetUri,
                    Plan = plan,
                    Seed = effectiveSeed,
                    TracePath = traceFile?.FullName,

                    // The check's report shows the whole trace; without it a long-running proxy keeps only counts.
                    KeepTraceInMemory = wireCheck is not null,
                    Observer = wireCheck,
                },
                CancellationToken.None).ConfigureAwait(false);

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"fault proxy listening at {proxy.Address}, forwarding to {targetUri}; {plan.Rules.Count} rule(s) from {scenarioFile.Name}, seed {effectiveSeed}; Ctrl+C stops it")).ConfigureAwait(false);
            foreach (var rule in plan.Rules)
            {
                await output.WriteLineAsync($"  {rule.DisplayName}").ConfigureAwait(false);
            }

            if (traceFile is not null)
            {
                await output.WriteLineAsync($"trace: {traceFile.FullName}").ConfigureAwait(false);
            }

            await WaitForShutdownAsync(proxy, output, shutdown.Token).ConfigureAwait(false);
            await proxy.DisposeAsync().ConfigureAwait(false);
            await output.WriteLineAsync("stopped; " + Summary(proxy)).ConfigureAwait(false);
            if (wireCheck is null)
            {
                return ExitCodes.Success;
            }

            var checkRun = new WireCheckRun(scenarioFile.FullName, targetUri, effectiveSeed, plan, startedAt, CommandLineText.Of(parseResult));
            return await checkRun.ReportAsync(wireCheck.Judge(), proxy.Trace, parseResult.GetValue(reportDir)!, output).ConfigureAwait(false);
        });

        return command;
    }

    /// <summary>Keys only a whole scenario file has: they describe a <c>harness run</c>, not the proxy.</summary>
    private static readonly string[] RunOnlyKeys = [.. ScenarioLoader.TopLevelKeys.Except(FaultPlanYaml.ProxyFileKeys)];

    /// <summary>
    /// The plan and seed of a fault file, or of a whole scenario file (as in scenarios/), whose other keys are named
    /// as unused rather than refused; null after writing the one-line error.
    /// </summary>
    private static async Task<(Proxy.Faults.FaultPlan Plan, long? Seed)?> LoadPlanAsync(string path, TextWriter output, TextWriter error)
    {
        try
        {
            return FaultPlanYaml.LoadProxyFile(path);
        }
        catch (ScenarioLoadException proxyError) when (RunOnlyKeys.Any(key => proxyError.Message.Contains($"unknown key '{key}'", StringComparison.Ordinal)))
        {
            try
            {
                var whole = ScenarioLoader.Load(path);
                await output.WriteLineAsync($"{Path.GetFileName(path)} is a scenario file: the proxy uses its faults and seed; its settings, workload and expectation describe a harness run and are not used here.").ConfigureAwait(false);
                return (whole.Faults, whole.Seed);
            }
            catch (ScenarioLoadException scenarioError)
            {
                await error.WriteLineAsync(scenarioError.Message).ConfigureAwait(false);
                return null;
            }
        }
        catch (ScenarioLoadException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Waits for Ctrl+C, printing what the proxy did every ten seconds while it changes.</summary>
    private static async Task WaitForShutdownAsync(FaultProxyHost proxy, TextWriter output, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        var last = string.Empty;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var summary = Summary(proxy);
                if (summary != last)
                {
                    await output.WriteLineAsync(summary).ConfigureAwait(false);
                    last = summary;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the proxy stops and completes its trace on disposal.
        }
    }

    private static string Summary(FaultProxyHost proxy)
    {
        var counts = proxy.Trace.ActionCounts;
        var faults = counts.Count == 0 ? "no faults applied" : "faults: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"{proxy.MessageCount} message(s); {faults}");
    }

    private static bool TryParseListen(string value, out IPEndPoint endpoint, out string? problem)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            problem = $"--listen '{value}' is not an http URL such as http://127.0.0.1:8081.";
            return false;
        }

        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            // IPAddress.IsLoopback accepts [::ffff:127.0.0.1], but an IPv6 socket cannot bind it.
            problem = $"--listen '{value}': IPv4-mapped IPv6 addresses cannot be listened on; use http://127.0.0.1:{uri.Port} or http://[::1]:{uri.Port}.";
            return false;
        }

        // Only the two loopback addresses every platform binds; 127.0.0.2 and the like are missing on some.
        if (address is null || !(address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback)))
        {
            problem = $"--listen '{value}': the proxy listens on loopback only (127.0.0.1, [::1] or localhost).";
            return false;
        }

        endpoint = new IPEndPoint(address, uri.Port);
        problem = null;
        return true;
    }
}
