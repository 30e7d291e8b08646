namespace Harness.Proxy.Pipeline;

/// <summary>
/// Where the forwarder writes an answer the fault step wants to see: it keeps up to a limit in memory, and an answer
/// that goes past it spills, what was kept first, to the client's stream and streams on from there (so an answer of
/// any size costs at most the limit, and is passed through unclassified).
/// </summary>
internal sealed class BoundedCaptureStream(Stream client, int limit) : Stream
{
    private readonly MemoryStream _kept = new();
    private long _length;

    /// <summary>True once the answer went past the limit: it is then on its way to the client, not kept.</summary>
    public bool Overflowed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    /// <summary>Bytes written so far (kept or passed on).</summary>
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>The answer, whole; only while it has not overflowed.</summary>
    public byte[] ToArray() => Overflowed ? throw new InvalidOperationException("The answer overflowed and was passed on.") : _kept.ToArray();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _length += count;
        if (!Overflowed && _kept.Length + count <= limit)
        {
            _kept.Write(buffer, offset, count);
            return;
        }

        if (!Overflowed)
        {
            Overflowed = true;
            client.Write(_kept.GetBuffer(), 0, (int)_kept.Length);
            _kept.SetLength(0);
            _kept.Capacity = 0;
        }

        client.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _length += buffer.Length;
        if (!Overflowed && _kept.Length + buffer.Length <= limit)
        {
            _kept.Write(buffer.Span);
            return;
        }

        if (!Overflowed)
        {
            Overflowed = true;
            await client.WriteAsync(_kept.GetBuffer().AsMemory(0, (int)_kept.Length), cancellationToken).ConfigureAwait(false);
            _kept.SetLength(0);
            _kept.Capacity = 0;
        }

        await client.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Overflowed ? client.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }

        base.Dispose(disposing);
    }
}
