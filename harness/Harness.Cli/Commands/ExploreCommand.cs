using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harness.Cli.Rendering;
using Harness.Proxy.Faults;
using Harness.Reliability.Settings;
using Harness.Runner.Exploring;
using Harness.Runner.Reports;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness explore</c>: runs a small workload under every placement of one fault (and, at depth 2, of every pair),
/// each aimed at one identified message, and names every placement that breaks a guarantee. Exit code 0 when none
/// did, 1 when one did (or a run could not be judged, or it was interrupted), 2 for usage errors.
/// </summary>
internal static class ExploreCommand
{
    /// <summary>The name of the workload explored when no scenario file is given.</summary>
    private const string DefaultScenarioName = "explore";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenario = new Argument<FileInfo?>("scenario")
        {
            Description = "A scenario file whose workload, settings and client are explored; it must have no 'faults' (explore places its own). Default: 1 session x 3 request-reply calls with the WCF client.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var client = new Option<string?>("--client") { Description = "'wcf' (the real WCF client) or 'harness' (the harness's own RM source), instead of the scenario's." };
        client.AcceptOnly([.. ScenarioLoader.Clients.Names]);
        var sessions = new Option<int?>("--sessions") { Description = "Sessions of the workload, instead of the scenario's." };
        sessions.AcceptWholeNumber(1, 16);
        var messages = new Option<int?>("--messages") { Description = "Messages per session, instead of the scenario's." };
        messages.AcceptWholeNumber(1, 64);
        var depth = new Option<int?>("--depth") { Description = "1: every single fault (default); 2: also every pair of faults on two different messages." };
        depth.AcceptWholeNumber(1, PlacementSpace.MaxDepth);
        var budget = new Option<int?>("--budget") { Description = "Run at most this many placements now (a later --resume continues)." };
        budget.AcceptWholeNumber(1, int.MaxValue);
        var timeLimit = new Option<string?>("--time-limit") { Description = $"Start no placement after this long, e.g. 90s, 10m (default {FaultText.Duration(ExploreOptions.DefaultTimeLimit)})." };
        var parallel = new Option<int?>("--parallel") { Description = $"Placements run at once, each with its own service, proxy and ports (default {ExploreOptions.DefaultParallel})." };
        parallel.AcceptWholeNumber(1, 64);
        var actions = new Option<string[]>("--actions")
        {
            Description = "The faults placed, comma-separated or repeated: drop, drop-response, duplicate, reorder, delay (the default: all five), and corrupt (a request's body cut short).",
            AllowMultipleArgumentsPerToken = true,
        };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first placement that fails; the ones running finish." };
        var reportDir = new Option<string?>("--report-dir") { Description = "The exploration's folder (space.json, placements.jsonl, explore.json); default reports/explore-<UTC time>." };
        var resume = new Option<string?>("--resume") { Description = "Continue the exploration in this folder: the placements its log holds are not run again." };

        var command = new Command(
            "explore",
            "Explore the fault space on purpose: run a small workload once without faults to list its messages, then under every placement of one fault (--depth 2: every pair) "
            + "- drop, duplicate, reorder or delay a request (or, with --actions, corrupt it), drop or delay an answer - each aimed at one message's first send; report coverage and every placement that breaks a guarantee or faults a session. "
            + "Exit code 0 when none did, 1 when one did (or a run could not be judged, or it was interrupted), 2 for usage errors.")
        {
            scenario,
            client,
            sessions,
            messages,
            depth,
            budget,
            timeLimit,
            parallel,
            actions,
            failFast,
            reportDir,
            resume,
        };

        command.SetAction(async (parseResult, invocationToken) =>
        {
            var limit = ExploreOptions.DefaultTimeLimit;
            if (parseResult.GetValue(timeLimit) is { } limitText && (!YamlValueReader.TryParseDuration(limitText, out limit) || limit <= TimeSpan.Zero))
            {
                return await UsageErrorAsync(error, $"--time-limit must be a duration such as 90s or 10m, got '{limitText}'").ConfigureAwait(false);
            }

            if (parseResult.GetValue(resume) is not null && parseResult.GetValue(reportDir) is not null)
            {
                return await UsageErrorAsync(error, "--resume names the folder to continue; give it or --report-dir, not both").ConfigureAwait(false);
            }

            var (explored, actionsProblem) = Actions(parseResult.GetValue(actions));
            if (explored is null)
            {
                return await UsageErrorAsync(error, actionsProblem!).ConfigureAwait(false);
            }

            var resumeFolder = parseResult.GetValue(resume);
            if (resumeFolder is not null && !File.Exists(Path.Combine(resumeFolder, ExploreSpace.FileName)))
            {
                return await UsageErrorAsync(error, $"--resume {resumeFolder}: no exploration there ({ExploreSpace.FileName} is missing)").ConfigureAwait(false);
            }

            var scenarioFile = parseResult.GetValue(scenario);
            var (clientName, sessionCount, messageCount) = (parseResult.GetValue(client), parseResult.GetValue(sessions), parseResult.GetValue(messages));
            if (resumeFolder is not null && scenarioFile is null && clientName is null && sessionCount is null && messageCount is null)
            {
                // --resume alone: the folder says what was explored.
                ExploreSpace? exploredSpace;
                try
                {
                    exploredSpace = await ExploreJson.ReadAsync<ExploreSpace>(Path.Combine(resumeFolder, ExploreSpace.FileName), CancellationToken.None).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    return await UsageErrorAsync(error, $"--resume {resumeFolder}: its {ExploreSpace.FileName} cannot be read: {e.Message}").ConfigureAwait(false);
                }

                if (exploredSpace?.ScenarioFile is { } file && !File.Exists(file))
                {
                    return await UsageErrorAsync(error, $"--resume {resumeFolder}: the scenario it explored, {file}, is gone; give a scenario file").ConfigureAwait(false);
                }

                if (exploredSpace is { ScenarioFile: null } && exploredSpace.Scenario != DefaultScenarioName)
                {
                    return await UsageErrorAsync(error, $"--resume {resumeFolder}: it explored scenario '{exploredSpace.Scenario}' and does not say from which file; give that scenario file").ConfigureAwait(false);
                }

                scenarioFile = exploredSpace?.ScenarioFile is { } path ? new FileInfo(path) : null;
                if (exploredSpace is not null)
                {
                    (clientName, sessionCount, messageCount) = (ScenarioLoader.Clients.NameOf(exploredSpace.Client), exploredSpace.Workload.Sessions, exploredSpace.Workload.Messages);
                }
            }

            var (baseScenario, problem) = BaseScenario(scenarioFile, clientName, sessionCount, messageCount);
            if (baseScenario is null)
            {
                return await UsageErrorAsync(error, problem!).ConfigureAwait(false);
            }

            var folder = Path.GetFullPath(resumeFolder ?? parseResult.GetValue(reportDir)
                ?? Path.Combine("reports", string.Create(CultureInfo.InvariantCulture, $"explore-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}")));
            var progress = ExploreProgress.Create(CommandOutput.For(output));
            var options = new ExploreOptions
            {
                Folder = folder,
                Depth = parseResult.GetValue(depth) ?? 1,
                Budget = parseResult.GetValue(budget),
                TimeLimit = limit,
                Parallel = parseResult.GetValue(parallel) ?? ExploreOptions.DefaultParallel,
                Actions = explored,
                FailFast = parseResult.GetValue(failFast),
                Listener = progress,
            };

            await output.WriteLineAsync($"explore: {baseScenario.Name} with the {ScenarioLoader.Clients.NameOf(baseScenario.Client)} client, {Describe(baseScenario.Workload)}; depth {options.Depth}, {options.Parallel} at a time; folder: {folder}").ConfigureAwait(false);
            using var shutdown = new ShutdownSignal(invocationToken);
            ExploreReport report;
            try
            {
                report = await progress.TrackAsync(() => Explorer.RunAsync(baseScenario, options, shutdown.Token)).ConfigureAwait(false);
            }
            catch (ExploreSetupException e)
            {
                return await UsageErrorAsync(error, e.Message).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                await error.WriteLineAsync("harness explore: interrupted before the first placement").ConfigureAwait(false);
                return ExitCodes.GuaranteeBroken;
            }

            report = report with { Command = CommandLineText.Of(parseResult) };
            await ExploreJson.WriteAsync(report, Path.Combine(folder, ExploreReport.FileName), CancellationToken.None).ConfigureAwait(false);
            await ExplorePage.WriteAsync(report, folder, CancellationToken.None).ConfigureAwait(false);
            await RunFolder.RefreshIndexAboveAsync(folder, CancellationToken.None).ConfigureAwait(false);
            await ExploreSummary.WriteAsync(output, report, folder).ConfigureAwait(false);
            return report.FoundFailure || report.StoppedBy == ExploreStop.Interrupted ? ExitCodes.GuaranteeBroken : ExitCodes.Success;
        });

        return command;
    }

    /// <summary>The scenario explored: the file's (or the default workload), with the options' client and workload; or why there is none.</summary>
    private static (Scenario? Scenario, string? Problem) BaseScenario(FileInfo? file, string? clientName, int? sessions, int? messages)
    {
        Scenario scenario;
        if (file is null)
        {
            scenario = new Scenario(
                DefaultScenarioName,
                "the default explored workload",
                Scenario.DefaultSeed,
                ReliableSessionSettings.Default,
                new Workload(Sessions: 1, Messages: 3, WorkloadOperation.RequestReply, PayloadSize: 16, Concurrency: 3),
                FaultPlan.Empty,
                Expectation.Holds,
                Scenario.DefaultTimeLimit,
                "(explore)");
        }
        else
        {
            try
            {
                scenario = ScenarioLoader.Load(file.FullName);
            }
            catch (ScenarioLoadException e)
            {
                return (null, e.Message);
            }
        }

        if (clientName is not null)
        {
            ScenarioLoader.Clients.TryGet(clientName, out var kind);
            if (scenario.ForClient(kind) is not { } forClient)
            {
                return (null, $"scenario '{scenario.Name}' cannot run with --client {clientName}: {scenario.NotApplicableTo(kind)}");
            }

            scenario = forClient;
        }

        if (scenario.Expect != Expectation.Holds)
        {
            return (null, $"scenario '{scenario.Name}' expects {YamlChoices.NameOf(scenario.Expect)}; explore looks for broken guarantees, so it needs a scenario expected to hold");
        }

        var workload = scenario.Workload with { Sessions = sessions ?? scenario.Workload.Sessions, Messages = messages ?? scenario.Workload.Messages };
        return (scenario with { Workload = workload }, null);
    }

    /// <summary>The actions named (each once, in the order of <see cref="ExploredAction"/>), the default when none is; or why they cannot be used.</summary>
    private static (IReadOnlyList<ExploredAction>? Actions, string? Problem) Actions(string[]? names)
    {
        if (names is not { Length: > 0 })
        {
            return (PlacedFault.DefaultActions, null);
        }

        var chosen = new HashSet<ExploredAction>();
        foreach (var name in names.SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!ExploredActions.TryGet(name, out var action))
            {
                return (null, $"--actions: unknown action '{name}'; {ExploredActions.Expected}");
            }

            chosen.Add(action);
        }

        return chosen.Count == 0 ? (null, "--actions names no action") : ([.. chosen.Order()], null);
    }

    private static YamlChoices<ExploredAction> ExploredActions { get; } = YamlChoices.FromEnum<ExploredAction>("action");

    private static string Describe(Workload workload) =>
        string.Create(CultureInfo.InvariantCulture, $"{workload.Sessions} session(s) x {workload.Messages} message(s), {ScenarioLoader.Operations.NameOf(workload.Operation)}, concurrency {workload.Concurrency}");

    private static async Task<int> UsageErrorAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync("harness explore: " + message).ConfigureAwait(false);
        return ExitCodes.UsageError;
    }
}
