using System.Text;
using System.Text.Json;

namespace Harness.Runner.Exploring;

/// <summary>
/// The resume log, <c>placements.jsonl</c>: one <see cref="PlacementOutcome"/> per line, appended (and flushed) as
/// each placement finishes, so an exploration stopped at any point keeps every placement it finished. A last line
/// cut short by a crash is ignored, and that placement runs again.
/// </summary>
public sealed class ExploreLog
{
    public const string FileName = "placements.jsonl";

    /// <summary>Without a byte order mark, so that the log is plain JSON lines for jq and friends.</summary>
    private static readonly UTF8Encoding NoByteOrderMark = new(encoderShouldEmitUTF8Identifier: false);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public ExploreLog(string folder)
    {
        Path = System.IO.Path.Combine(folder, FileName);
    }

    public string Path { get; }

    /// <summary>Every outcome in the log, in the order written; an empty list when there is no log yet.</summary>
    public async Task<IReadOnlyList<PlacementOutcome>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var outcomes = new List<PlacementOutcome>();
        foreach (var line in await File.ReadAllLinesAsync(Path, Encoding.UTF8, cancellationToken).ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<PlacementOutcome>(line, ExploreJson.Line) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            }
            catch (JsonException)
            {
                // A line cut short when the process was killed: that placement is simply not done.
            }
        }

        return outcomes;
    }

    /// <summary>Appends one outcome as one line; safe to call from several runs at once.</summary>
    public async Task AppendAsync(PlacementOutcome outcome, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(outcome, ExploreJson.Line) + "\n";
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(Path, line, NoByteOrderMark, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
