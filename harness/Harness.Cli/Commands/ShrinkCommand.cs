using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harness.Runner.Checking;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;
using Harness.Yaml;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness shrink RUN-FOLDER</c>: from a failing run, keeps the fewest faults that still break the same guarantee
/// (each fault the proxy applied becomes a rule matching that send alone; delta debugging removes faults while the
/// failure persists, then each fault left is made milder while it persists) and writes them as a scenario file, ready
/// for <c>scenarios/</c> as a regression test. Exit code 0 when it shrank, 1 when the run's faults no longer break the
/// guarantee, 2 for usage or input errors.
/// </summary>
internal static class ShrinkCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<DirectoryInfo>("run-folder") { Description = "The folder of a run (reports/<run>), holding its result.json." };
        var scenario = new Option<string?>("--scenario") { Description = "The scenario to shrink (default: the first that broke a guarantee it was not expected to)." };
        var invariant = new Option<string?>("--invariant") { Description = "The guarantee that must stay broken (default: the first the scenario broke)." };
        invariant.AcceptOnly(Enum.GetNames<Invariant>());
        var maxRuns = new Option<int?>("--max-runs") { Description = "Scenario runs at most (default 200)." };
        maxRuns.AcceptWholeNumber(1, 10_000);
        var timeLimit = new Option<int?>("--time-limit") { Description = "Seconds after which no new run starts (default 600); the smallest failing set so far is written." };
        timeLimit.AcceptWholeNumber(1, 86_400);
        var outputFile = new Option<FileInfo?>("--output") { Description = "Where to write the shrunk scenario (default <run-folder>/<scenario>-shrunk.yaml)." };
        outputFile.AcceptFilePath();
        var client = new Option<string?>("--client")
        {
            Description = "Shrink with this client: 'wcf' (the real WCF client) or 'harness' (the harness's own RM source). Default: the client the run used.",
        };
        client.AcceptOnly([.. ScenarioLoader.Clients.Names]);
        var target = new Option<string?>("--target")
        {
            Description = "Shrink against this external service (http(s) URL) instead of the in-process one. Default: the target the run was made against, if any.",
        };

        var command = new Command(
            "shrink",
            "Shrink a failing run to the fewest, mildest faults that still break the same guarantee, and write them as a scenario file (a regression test). "
            + "Exit code 0 when it shrank, 1 when the run's faults no longer break the guarantee, 2 for usage or input errors.")
        {
            folder,
            scenario,
            invariant,
            maxRuns,
            timeLimit,
            outputFile,
            client,
            target,
        };

        command.SetAction(async (parseResult, invocationToken) =>
        {
            using var shutdown = new ShutdownSignal(invocationToken);
            var cancellationToken = shutdown.Token;
            var runFolder = parseResult.GetValue(folder)!.FullName;
            ShrinkRequest request;
            try
            {
                var broken = parseResult.GetValue(invariant) is { } invariantName ? Enum.Parse<Invariant>(invariantName) : (Invariant?)null;
                request = await FailingRun.ReadAsync(runFolder, parseResult.GetValue(scenario), broken, cancellationToken).ConfigureAwait(false);
            }
            catch (ShrinkInputException e)
            {
                await error.WriteLineAsync($"harness shrink: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var runClient = request.Client;
            if (parseResult.GetValue(client) is { } clientName)
            {
                ScenarioLoader.Clients.TryGet(clientName, out var chosen);
                string? reason;
                try
                {
                    reason = ScenarioLoader.Parse(request.ScenarioYaml, request.ScenarioFile).NotApplicableTo(chosen);
                }
                catch (ScenarioLoadException e)
                {
                    await error.WriteLineAsync($"harness shrink: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                if (reason is not null)
                {
                    await error.WriteLineAsync($"harness shrink: {request.ScenarioFile} cannot run with --client {clientName}: {reason}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                request = request with { Client = chosen };
            }

            var targetUri = request.Target;
            if (parseResult.GetValue(target) is { } targetText
                && (!Uri.TryCreate(targetText, UriKind.Absolute, out targetUri) || targetUri.Scheme is not ("http" or "https")))
            {
                await error.WriteLineAsync($"harness shrink: --target '{targetText}' is not an http(s) URL").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var options = new ShrinkOptions
            {
                Run = new RunOptions { Target = targetUri },
                MaxRuns = parseResult.GetValue(maxRuns) ?? 200,
                TimeLimit = TimeSpan.FromSeconds(parseResult.GetValue(timeLimit) ?? 600),
                Progress = step => output.WriteLine(Progress(step)),
            };
            var name = Path.GetFileNameWithoutExtension(request.ScenarioFile);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"shrinking {name} ({ScenarioClientName(request)} client{(request.Client == runClient ? string.Empty : $"; the run used {ScenarioLoader.Clients.NameOf(runClient)}")}, seed {request.Seed}): {request.Placements.Count} fault(s) broke {request.Invariant}; at most {options.MaxRuns} runs or {options.TimeLimit.TotalSeconds:F0} s{(targetUri is null ? string.Empty : $"; against {targetUri}")}")).ConfigureAwait(false);

            var result = await Shrinker.ShrinkAsync(request, options, cancellationToken).ConfigureAwait(false);
            if (!result.Reproduced && result.Interrupted)
            {
                await error.WriteLineAsync("harness shrink: interrupted before the run's faults were tried again; nothing written").ConfigureAwait(false);
                return ExitCodes.GuaranteeBroken;
            }

            if (!result.Reproduced)
            {
                await error.WriteLineAsync($"harness shrink: the run's {result.Before.Count} fault(s) no longer break {request.Invariant} (the failure depended on timing, or the bug is gone{(request.Client == runClient ? string.Empty : $", or the {ScenarioClientName(request)} client does not meet it")}); nothing written").ConfigureAwait(false);
                return ExitCodes.GuaranteeBroken;
            }

            var path = parseResult.GetValue(outputFile)?.FullName ?? Path.Combine(runFolder, name + "-shrunk.yaml");
            // Written whole even after Ctrl+C: what was found so far is the point of stopping cleanly.
            await File.WriteAllTextAsync(path, result.ScenarioYaml, CancellationToken.None).ConfigureAwait(false);
            var summaryPath = Path.ChangeExtension(path, ".json");
            await File.WriteAllTextAsync(summaryPath, Summary(request, runClient, targetUri, result), CancellationToken.None).ConfigureAwait(false);
            var pagePath = await ShrinkPage.WriteAsync(request, result, path, CancellationToken.None).ConfigureAwait(false);
            await RunFolder.RefreshIndexAboveAsync(runFolder, CancellationToken.None).ConfigureAwait(false);

            var weakened = result.AfterFaults.Count(fault => fault.IsWeakened);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"shrunk {result.Before.Count} fault(s) to {result.After.Count}{(weakened > 0 ? $", {weakened} of them weakened," : string.Empty)} in {result.Runs} run(s){(result.WeakeningRuns > 0 ? $" ({result.WeakeningRuns} weakening)" : string.Empty)}, {result.Elapsed.TotalSeconds:F1} s{(result.Interrupted ? " (interrupted: smaller may exist)" : result.BudgetSpent ? " (budget spent: smaller may exist)" : string.Empty)}; they still break {request.Invariant}:")).ConfigureAwait(false);
            foreach (var fault in result.AfterFaults)
            {
                await output.WriteLineAsync($"  {fault.Placement}: {BeforeAndAfter(fault)}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"  {result.Violation}").ConfigureAwait(false);
            await output.WriteLineAsync($"scenario: {path}").ConfigureAwait(false);
            await output.WriteLineAsync($"before/after: {summaryPath}").ConfigureAwait(false);
            await output.WriteLineAsync($"HTML: {pagePath}").ConfigureAwait(false);
            return result.Interrupted ? ExitCodes.GuaranteeBroken : ExitCodes.Success;
        });

        return command;
    }

    private static string ScenarioClientName(ShrinkRequest request) => ScenarioLoader.Clients.NameOf(request.Client);

    private static string Progress(ShrinkProgress step)
    {
        var what = step.Phase switch
        {
            ShrinkPhase.Weaken when step.Weakened is { } fault => $"{step.Faults} fault(s), {fault.Placement.ToString()} weakened to {fault.Action.Describe()}",
            ShrinkPhase.Reproduce => $"{step.Faults} fault(s) of the run",
            _ => $"{step.Faults} fault(s)",
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"run {step.Run}: {what} -> {(step.Failed ? "still fails" : "passes")}; smallest failing so far {step.SmallestFailing} ({step.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary><c>duplicate (3 extra) -> duplicate (1 extra)</c>, or the action alone when it was not weakened.</summary>
    private static string BeforeAndAfter(ShrunkFault fault) =>
        fault.IsWeakened ? $"{fault.Original.Describe()} -> {fault.Action.Describe()}" : fault.Action.Describe();

    private static string Summary(ShrinkRequest request, ClientKind runClient, Uri? target, ShrinkResult result) =>
        JsonSerializer.Serialize(
            new
            {
                scenario = request.ScenarioFile,
                seed = request.Seed,
                client = ScenarioClientName(request),
                runClient = ScenarioLoader.Clients.NameOf(runClient),
                target = target?.ToString(),
                invariant = request.Invariant.ToString(),
                violation = result.Violation,
                before = result.Before.Select(placement => placement.ToString()),
                after = result.After.Select(placement => placement.ToString()),
                afterFaults = result.AfterFaults.Select(fault => new
                {
                    placement = fault.Placement.ToString(),
                    before = fault.Original.Describe(),
                    after = fault.Action.Describe(),
                    weakened = fault.IsWeakened,
                }),
                runs = result.Runs,
                weakeningRuns = result.WeakeningRuns,
                budgetSpent = result.BudgetSpent,
                interrupted = result.Interrupted,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
            },
            new JsonSerializerOptions { WriteIndented = true });
}
