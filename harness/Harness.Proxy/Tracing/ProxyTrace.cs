using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Harness.Proxy.Faults;

namespace Harness.Proxy.Tracing;

/// <summary>
/// One line of the proxy trace: a message passing one way, what it was, which rule and action applied, what became
/// of it, and timings (milliseconds since the proxy started).
/// </summary>
public sealed record ProxyTraceRecord(
    double TimeMs,
    long Exchange,
    FaultDirection Direction,
    int Session,
    RuleMessageKind Kind,
    string? SequenceId,
    long Number,
    int Attempt,
    string? Rule,
    string? Action,
    string Outcome,
    int? Status,
    int Bytes,
    double ElapsedMs,
    string? Detail = null);

/// <summary>A fault decision, reduced to what determinism is judged on.</summary>
public sealed record FaultDecisionRecord(FaultDirection Direction, int Session, RuleMessageKind Kind, long Number, int Attempt, int RuleIndex, string Action)
{
    public override string ToString() => $"{Direction} s{Session} {Kind} #{Number} try {Attempt}: rule {RuleIndex + 1} {Action}";
}

/// <summary>
/// The proxy's record of every message: kept in memory for the runner and tests (records and decisions; a run is
/// bounded by its scenario), and written as JSON lines (by a background writer, so forwarding never waits for the
/// disk) when a file is given. Counts actions as they happen, kept or not.
/// </summary>
public sealed class ProxyTrace : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly ConcurrentQueue<ProxyTraceRecord> _records = new();
    private readonly ConcurrentQueue<FaultDecisionRecord> _decisions = new();
    private readonly ConcurrentDictionary<string, int> _actionCounts = new(StringComparer.Ordinal);
    private readonly Channel<ProxyTraceRecord>? _pending;
    private readonly Task? _writer;
    private readonly bool _keepInMemory;
    private long _count;

    public ProxyTrace(string? jsonLinesPath = null, bool keepInMemory = true)
    {
        _keepInMemory = keepInMemory;
        if (jsonLinesPath is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(jsonLinesPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(jsonLinesPath, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        _pending = Channel.CreateUnbounded<ProxyTraceRecord>(new UnboundedChannelOptions { SingleReader = true });
        _writer = WriteAsync(stream, _pending.Reader);
    }

    public IReadOnlyCollection<ProxyTraceRecord> Records => _records;

    public IReadOnlyCollection<FaultDecisionRecord> Decisions => _decisions;

    /// <summary>How many times each action was applied.</summary>
    public IReadOnlyDictionary<string, int> ActionCounts => _actionCounts;

    /// <summary>Message events recorded so far (kept or not).</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Record(ProxyTraceRecord record)
    {
        Interlocked.Increment(ref _count);
        if (_keepInMemory)
        {
            _records.Enqueue(record);
        }

        _pending?.Writer.TryWrite(record);
    }

    public void RecordDecision(FaultDecisionRecord decision)
    {
        // A standalone proxy may run for days: without an in-memory trace only the counts are kept.
        if (_keepInMemory)
        {
            _decisions.Enqueue(decision);
        }

        _actionCounts.AddOrUpdate(decision.Action, 1, (_, count) => count + 1);
    }

    /// <summary>Completes the file: every record written, then a summary line with the action counts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_pending is null || _writer is null)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync(FileStream stream, ChannelReader<ProxyTraceRecord> reader)
    {
        await using (stream.ConfigureAwait(false))
        {
            var newline = "\n"u8.ToArray();
            await foreach (var record in reader.ReadAllAsync().ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, record, JsonOptions).ConfigureAwait(false);
                await stream.WriteAsync(newline).ConfigureAwait(false);
                if (!reader.TryPeek(out _))
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                }
            }

            var summary = new { summary = true, actions = new SortedDictionary<string, int>(_actionCounts, StringComparer.Ordinal), messages = Count };
            await JsonSerializer.SerializeAsync(stream, summary, JsonOptions).ConfigureAwait(false);
            await stream.WriteAsync(newline).ConfigureAwait(false);
        }
    }
}
