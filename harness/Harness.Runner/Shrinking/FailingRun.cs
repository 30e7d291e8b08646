using System.Text.Json;
using Harness.Runner.Checking;
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
    public static ShrinkRequest Read(string runFolder, string? scenarioName, Invariant? invariant)
    {
        var resultPath = Path.Combine(runFolder, "result.json");
        if (!File.Exists(resultPath))
        {
            throw new ShrinkInputException($"{runFolder}: no result.json here; give the folder of a run (reports/<run>)");
        }

        using var document = ParseJson(resultPath);
        var scenarios = document.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var broken = scenarios.Where(scenario => Violations(scenario).Count > 0).ToList();
        var chosen = scenarioName is not null
            ? broken.FirstOrDefault(scenario => scenario.GetProperty("name").GetString() == scenarioName)
            : broken.FirstOrDefault(scenario => !scenario.GetProperty("expectationMet").GetBoolean());
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            var names = string.Join(", ", broken.Select(scenario => scenario.GetProperty("name").GetString()));
            throw new ShrinkInputException(scenarioName is null
                ? $"{resultPath}: no scenario broke a guarantee unexpectedly{(names.Length > 0 ? $"; --scenario picks one of those that broke one: {names}" : string.Empty)}"
                : $"{resultPath}: no scenario '{scenarioName}' broke a guarantee{(names.Length > 0 ? $"; these did: {names}" : string.Empty)}");
        }

        var name = chosen.GetProperty("name").GetString()!;
        var broke = Violations(chosen);
        var target = invariant ?? broke[0];
        if (!broke.Contains(target))
        {
            throw new ShrinkInputException($"{name} did not break {target}; it broke {string.Join(", ", broke.Distinct())}");
        }

        var file = chosen.GetProperty("file").GetString()!;
        string yaml;
        try
        {
            yaml = YamlSource.ReadFile(file);
        }
        catch (ScenarioLoadException e)
        {
            throw new ShrinkInputException($"{name}: its scenario file {file} (relative to where the run was made): {e.Reason}", e);
        }

        var decisions = chosen.GetProperty("decisions").EnumerateArray().Select(decision => decision.GetString()!).ToList();
        var placements = decisions.Select(decision => FaultPlacement.TryParse(decision)
            ?? throw new ShrinkInputException($"{resultPath}: '{decision}' is not a fault decision")).ToList();
        var client = ScenarioLoader.Clients.TryGet(chosen.GetProperty("client").GetString() ?? string.Empty, out var kind) ? kind : ClientKind.Wcf;
        return new ShrinkRequest(file, yaml, chosen.GetProperty("seed").GetInt64(), client, placements, target);
    }

    private static List<Invariant> Violations(JsonElement scenario) =>
        [.. scenario.GetProperty("verdict").GetProperty("violations").EnumerateArray()
            .Select(violation => Enum.Parse<Invariant>(violation.GetProperty("invariant").GetString()!))];

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ShrinkInputException($"{path}: not a result.json the harness wrote ({e.Message})", e);
        }
    }
}

/// <summary>A run folder that cannot be shrunk, with the reason in one line.</summary>
public sealed class ShrinkInputException(string message, Exception? inner = null) : Exception(message, inner);
