using System.CommandLine;
using System.Globalization;
using Harness.Cli.Rendering;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Targets;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness run</c>: runs scenarios end to end (in-process service, proxy and client, or an external target),
/// shows progress, writes the run's report folder and exits 0 when every expectation was met.
/// </summary>
internal static class RunCommand
{
    /// <summary>Scenarios run at once in process unless --parallel says otherwise.</summary>
    internal const int DefaultParallel = 4;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Scenario files, folders (every *.yaml and *.yml in them) or globs with '*' in the file name. Default: scenarios/.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var seed = new Option<long?>("--seed") { Description = "Seed of every fault decision, replacing each scenario's own; the same seed makes the same decisions." };
        seed.AcceptWholeNumber();
        var reportDir = new Option<string>("--report-dir")
        {
            Description = "Where the run's folder (result.json, report.html, junit.xml) is created; index.html there lists every run.",
            DefaultValueFactory = _ => "reports",
        };
        var filter = new Option<string?>("--filter") { Description = "Run only scenarios whose name matches: a name or a pattern with * and ?, several separated by commas (e.g. 'drop-*,baseline')." };
        var parallel = new Option<int?>("--parallel")
        {
            Description = $"Scenarios run at once, each with its own service, proxy and ports; 1 runs them one after another. Default: {DefaultParallel} "
                + "in process (the real WCF client spends most of a fault scenario waiting on its retransmission timer, so overlapping scenarios saves time without crowding 2 cores), 1 against --target (one external service is shared by every scenario).",
        };
        parallel.AcceptWholeNumber(1, 64);
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (e.g. 2/4) of the selected scenarios, dealt round-robin by name, for CI matrices." };
        var target = new Option<string?>("--target")
        {
            Description = "Drive an external service implementing the journal contract (e.g. http://127.0.0.1:8080/journal) through the in-process fault proxy, judging delivery from Append's delivered counts (one-way sessions: an Append after their last Post). "
                + "A probe first asks it what it speaks; scenarios it cannot serve (another WS-RM or message version, one-way-only contracts, negative controls against a reliable-only service, the --target-* limits) are skipped with the reason.",
        };

        var client = new Option<string?>("--client")
        {
            Description = "Run every scenario with this client: 'wcf' (the real WCF client, System.ServiceModel) or 'harness' (the harness's own RM source). "
                + "Default: each scenario's own 'client' (wcf unless the scenario needs the harness's). Scenarios that cannot run with it are listed and skipped.",
        };
        client.AcceptOnly([.. ScenarioLoader.Clients.Names]);
        var targetOptions = new TargetOptions();

        var command = new Command(
            "run",
            "Run scenarios: the journal service, the fault proxy and the client sessions on ephemeral loopback ports, then the ordered exactly-once checker. "
            + "Exit code 0 when every scenario met its expectation, 1 when a guarantee broke or an expectation was unmet (or the run was interrupted), 2 for usage or scenario errors.")
        {
            paths,
            seed,
            reportDir,
            filter,
            parallel,
            shard,
            target,
            client,
        };
        foreach (var option in targetOptions.All)
        {
            command.Options.Add(option);
        }

        paths.RejectUnknownOptions(command);
        command.SetAction(async (parseResult, invocationToken) =>
        {
            Shard? selectedShard = null;
            if (parseResult.GetValue(shard) is { } shardText && (selectedShard = Shard.TryParse(shardText, out var shardProblem)) is null)
            {
                return await UsageErrorAsync(error, shardProblem!).ConfigureAwait(false);
            }

            Uri? targetUri = null;
            if (parseResult.GetValue(target) is { } targetText
                && (!Uri.TryCreate(targetText, UriKind.Absolute, out targetUri) || targetUri.Scheme is not ("http" or "https")))
            {
                return await UsageErrorAsync(error, $"--target '{targetText}' is not an http(s) URL").ConfigureAwait(false);
            }

            if (targetUri is null && targetOptions.FirstGiven(parseResult) is { } stray)
            {
                return await UsageErrorAsync(error, $"{stray} describes an external target and needs --target URL").ConfigureAwait(false);
            }

            var requested = parseResult.GetValue(paths) is { Length: > 0 } given ? given : ["scenarios"];
            var (loaded, failures) = await ValidateCommand.LoadAsync(requested, error).ConfigureAwait(false);
            if (failures > 0)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"harness run: {failures} scenario error(s); nothing was run.")).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var filterText = parseResult.GetValue(filter);
            var clientName = parseResult.GetValue(client);
            if (clientName is not null)
            {
                ScenarioLoader.Clients.TryGet(clientName, out var overridden);
                var notApplicable = ScenarioSelection.Apply(loaded, filterText, shard: null).Where(scenario => scenario.NotApplicableTo(overridden) is not null).ToList();
                foreach (var skipped in notApplicable)
                {
                    await output.WriteLineAsync($"skipped {skipped.Name} with --client {clientName}: {skipped.NotApplicableTo(overridden)}").ConfigureAwait(false);
                }

                loaded = [.. loaded.Select(scenario => scenario.ForClient(overridden)).OfType<Scenario>()];
            }

            var scenarios = ScenarioSelection.Apply(loaded, filterText, selectedShard);
            if (scenarios.Count == 0)
            {
                if (selectedShard is not null && ScenarioSelection.Apply(loaded, filterText, null).Count > 0)
                {
                    // More shards than scenarios: an empty shard is not an error in a CI matrix.
                    await output.WriteLineAsync($"shard {selectedShard} has no scenarios; nothing to run.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                return await UsageErrorAsync(error, $"no scenario matches --filter '{filterText}' (scenarios: {string.Join(", ", loaded.Select(scenario => scenario.Name))})").ConfigureAwait(false);
            }

            var startedAt = DateTimeOffset.UtcNow;
            var runId = RunReportBuilder.NewRunId(startedAt, scenarios);
            var folder = Path.Combine(parseResult.GetValue(reportDir)!, runId);
            var atOnce = parseResult.GetValue(parallel) ?? (targetUri is null ? DefaultParallel : 1);
            var runInfo = new RunInfo(
                runId,
                CommandLineText.Of(parseResult),
                new RunOptionsReport(parseResult.GetValue(seed), targetUri?.ToString(), atOnce, selectedShard?.ToString(), filterText, clientName),
                startedAt);

            using var shutdown = new ShutdownSignal(invocationToken);
            TargetProfile? targetProfile = null;
            if (targetUri is not null && (targetProfile = await targetOptions.ProfileAsync(parseResult, targetUri, scenarios, output, error, shutdown.Token).ConfigureAwait(false)) is null)
            {
                return ExitCodes.UsageError;
            }

            using var progress = RunProgress.Create(CommandOutput.For(output), scenarios.Count);
            await using var reports = new ReportUpdater(folder, runInfo, error);
            var options = new RunOptions
            {
                Seed = parseResult.GetValue(seed),
                Target = targetUri,
                TargetProfile = targetProfile,
                Listener = new CombinedListener(progress, reports),
            };

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"running {scenarios.Count} scenario(s){(atOnce > 1 ? $", {atOnce} at a time" : string.Empty)}{(targetUri is null ? string.Empty : $" against {targetUri}")}; report: {Path.GetFullPath(folder)}")).ConfigureAwait(false);
            var results = await progress.TrackAsync(() => SuiteRunner.RunAsync(scenarios, options, atOnce, shutdown.Token)).ConfigureAwait(false);
            var interrupted = shutdown.Token.IsCancellationRequested;

            var report = await reports.CompleteAsync(results, interrupted).ConfigureAwait(false);
            await WriteSummaryAsync(output, report, scenarios.Count, folder).ConfigureAwait(false);
            return report.Summary.ExitCode;
        });

        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter output, RunReport report, int selected, string folder)
    {
        var summary = report.Summary;
        await output.WriteLineAsync().ConfigureAwait(false);
        foreach (var scenario in report.Scenarios.Where(RunReportBuilder.IsSkipped))
        {
            await output.WriteLineAsync($"SKIP {scenario.Name} ({scenario.File}): {scenario.SkipReason}").ConfigureAwait(false);
        }

        foreach (var scenario in report.Scenarios.Where(scenario => !scenario.ExpectationMet && !RunReportBuilder.IsSkipped(scenario)))
        {
            await output.WriteLineAsync($"FAIL {scenario.Name} ({scenario.File}): {scenario.Outcome}").ConfigureAwait(false);
            foreach (var violation in scenario.Verdict.Violations.Take(10))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"     [{violation.Invariant}] session {violation.Session}: {violation.Message}")).ConfigureAwait(false);
            }

            if (scenario.Verdict.Violations.Count > 10)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"     ... and {scenario.Verdict.Violations.Count - 10} more in the report")).ConfigureAwait(false);
            }
        }

        var interrupted = report.Interrupted ? string.Create(CultureInfo.InvariantCulture, $" (interrupted: {report.Scenarios.Count} of {selected} run, partial results kept)") : string.Empty;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.Met} of {summary.Scenarios} scenario(s) met their expectation, {summary.Unmet} unmet, {summary.Errors} error(s){(summary.Skipped > 0 ? $", {summary.Skipped} skipped (the target cannot serve them)" : string.Empty)} in {report.DurationMs / 1000:0.0} s{interrupted}")).ConfigureAwait(false);
        await output.WriteLineAsync($"report: {Path.GetFullPath(Path.Combine(folder, RunFolder.HtmlFileName))}").ConfigureAwait(false);
        await output.WriteLineAsync($"reproduce: {report.Command}").ConfigureAwait(false);
    }

    private static async Task<int> UsageErrorAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync("harness run: " + message).ConfigureAwait(false);
        return ExitCodes.UsageError;
    }

    /// <summary>Forwards progress to several listeners.</summary>
    private sealed class CombinedListener(params IRunListener[] listeners) : IRunListener
    {
        public void ScenarioStarted(Scenario scenario, int totalCalls)
        {
            foreach (var listener in listeners)
            {
                listener.ScenarioStarted(scenario, totalCalls);
            }
        }

        public void CallCompleted(Scenario scenario, bool succeeded)
        {
            foreach (var listener in listeners)
            {
                listener.CallCompleted(scenario, succeeded);
            }
        }

        public void ScenarioFinished(ScenarioResult result)
        {
            foreach (var listener in listeners)
            {
                listener.ScenarioFinished(result);
            }
        }
    }
}
