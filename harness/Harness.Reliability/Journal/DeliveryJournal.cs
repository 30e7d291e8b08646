using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Harness.Protocol.Timing;

namespace Harness.Reliability.Journal;

/// <summary>
/// The journal service's record of every delivery, in delivery order: queryable in process, and optionally written
/// as JSON lines by a background writer so delivery never waits for the disk.
/// </summary>
public sealed class DeliveryJournal : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private readonly Dictionary<string, int> _countBySession = new(StringComparer.Ordinal);
    private readonly Channel<JournalLine>? _pending;
    private readonly Task? _writer;
    private readonly bool _keepEntries;
    private int _count;

    /// <param name="jsonLinesPath">When set, every delivery is also written to this file as one JSON line.</param>
    /// <param name="keepEntries">
    /// False keeps only counts in memory (each entry is small, but a long-running service would still grow without
    /// bound); <see cref="Entries"/> is then unavailable and the file is the record.
    /// </param>
    public DeliveryJournal(string? jsonLinesPath = null, bool keepEntries = true)
    {
        _keepEntries = keepEntries;
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
        _pending = Channel.CreateUnbounded<JournalLine>(new UnboundedChannelOptions { SingleReader = true });
        _writer = WriteLinesAsync(stream, _pending.Reader);
    }

    /// <summary>Stamps every entry: monotonic time for ordering, wall-clock time for people.</summary>
    public RunClock Clock { get; init; } = RunClock.System;

    /// <summary>Records a delivery and returns the session's delivered count including it.</summary>
    public JournalEntry Record(string session, JournalCall call, long messageNumber)
    {
        JournalEntry entry;
        var digest = PayloadDigest.Of(call.Payload);
        lock (_gate)
        {
            var count = _countBySession.GetValueOrDefault(session) + 1;
            _countBySession[session] = count;
            entry = new JournalEntry(session, call.Operation, call.Sequence, digest, count, messageNumber, Clock.Elapsed, Clock.UtcNow);
            _count++;
            if (_keepEntries)
            {
                _entries.Add(entry);
            }
        }

        // The file gets the whole payload: it is the record people read; it leaves memory once written.
        _pending?.Writer.TryWrite(new JournalLine(entry.Session, entry.Operation, entry.Sequence, call.Payload, digest.Length, digest.Sha256, entry.CountInSession, entry.MessageNumber, entry.WallClock));
        return entry;
    }

    /// <summary>A snapshot of every delivery so far, in order; only when the journal keeps its entries.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            if (!_keepEntries)
            {
                throw new InvalidOperationException("This journal keeps no entries in memory; its JSON-lines file holds them.");
            }

            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    public IReadOnlyList<JournalEntry> EntriesOf(string session) => Entries.Where(e => e.Session == session).ToArray();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Flushes the JSON-lines file and closes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_pending is null || _writer is null)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private static async Task WriteLinesAsync(FileStream stream, ChannelReader<JournalLine> reader)
    {
        await using (stream.ConfigureAwait(false))
        {
            var newline = "\n"u8.ToArray();
            await foreach (var line in reader.ReadAllAsync().ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, line, JsonOptions).ConfigureAwait(false);
                await stream.WriteAsync(newline).ConfigureAwait(false);

                // Flush whenever the queue is drained, so a reader of the file sees deliveries promptly.
                if (!reader.TryPeek(out _))
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private sealed record JournalLine(string Session, JournalOperation Operation, int Sequence, string Payload, int PayloadLength, string PayloadSha256, int CountInSession, long MessageNumber, DateTimeOffset Time);
}
