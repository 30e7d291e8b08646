using Harness.Runner.Checking;
using Harness.Runner.Reports;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Shrinking;

/// <summary>Reads what shrinking needs from a run folder's result.json: the failing scenario, its seed, client and decisions.</summary>
public static class FailingRun
{
    /// <summary>
    /// The scenario to shrink: <paramref name="scenarioName"/>, or the first that broke a guarantee without being
    /// expected to; its invariant is <paramref name="invariant"/> or the first one it broke.
    /// </summary>
    /// <exception cref="ShrinkInputException">The folder holds no such run, or the scenario file is gone.</exception>
    public static async Task<ShrinkRequest> ReadAsync(string runFolder, string? scenarioName, Invariant? invariant, CancellationToken cancellationToken)
    {
        var resultPath = Path.Combine(runFolder, ResultJson.FileName);
        if (!File.Exists(resultPath))
        {
            throw new ShrinkInputException($"{runFolder}: no result.json here; give the folder of a run (reports/<run>)");
        }

        RunReport report;
        try
        {
            report = await ResultJson.ReadAsync(resultPath, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new ShrinkInputException(e.Message, e);
        }

        var broken = report.Scenarios.Where(scenario => scenario.Verdict.Violations.Count > 0).ToList();
        var chosen = scenarioName is not null
            ? broken.FirstOrDefault(scenario => scenario.Name == scenarioName)
            : broken.FirstOrDefault(scenario => !scenario.ExpectationMet);
        if (chosen is null)
        {
            var names = string.Join(", ", broken.Select(scenario => scenario.Name));
            throw new ShrinkInputException(scenarioName is null
                ? $"{resultPath}: no scenario broke a guarantee unexpectedly{(names.Length > 0 ? $"; --scenario picks one of those that broke one: {names}" : string.Empty)}"
                : $"{resultPath}: no scenario '{scenarioName}' broke a guarantee{(names.Length > 0 ? $"; these did: {names}" : string.Empty)}");
        }

        var broke = chosen.Verdict.Violations.Select(violation => Enum.Parse<Invariant>(violation.Invariant)).ToList();
        var target = invariant ?? broke[0];
        if (!broke.Contains(target))
        {
            throw new ShrinkInputException($"{chosen.Name} did not break {target}; it broke {string.Join(", ", broke.Distinct())}");
        }

        string yaml;
        try
        {
            yaml = YamlSource.ReadFile(chosen.File);
        }
        catch (ScenarioLoadException e)
        {
            throw new ShrinkInputException($"{chosen.Name}: its scenario file {chosen.File} (relative to where the run was made): {e.Reason}", e);
        }

        var placements = chosen.Decisions.Select(decision => FaultPlacement.TryParse(decision)
            ?? throw new ShrinkInputException($"{resultPath}: '{decision}' is not a fault decision")).ToList();
        var client = ScenarioLoader.Clients.TryGet(chosen.Client, out var kind) ? kind : ClientKind.Wcf;
        var runTarget = report.Options.Target is { } targetText && Uri.TryCreate(targetText, UriKind.Absolute, out var targetUri) ? targetUri : null;
        return new ShrinkRequest(chosen.File, yaml, chosen.Seed, client, placements, target) { Target = runTarget };
    }
}

/// <summary>A run folder that cannot be shrunk, with the reason in one line.</summary>
public sealed class ShrinkInputException(string message, Exception? inner = null) : Exception(message, inner);
