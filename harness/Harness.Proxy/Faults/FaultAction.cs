namespace Harness.Proxy.Faults;

/// <summary>What the client gets for a message the proxy swallows.</summary>
public enum LostAnswer
{
    /// <summary>An empty HTTP 202, what a lost one-way message gives a WS-RM source over HTTP.</summary>
    Empty202,

    /// <summary>The connection is reset.</summary>
    Abort,
}

/// <summary>How a delay is drawn.</summary>
public abstract record DelayDistribution
{
    /// <summary>Draws a delay from a uniform value in [0, 1) and a second one for distributions that need two.</summary>
    public abstract TimeSpan Sample(double u1, double u2);
}

public sealed record FixedDelay(TimeSpan Delay) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2) => Delay;

    public override string ToString() => $"{Delay.TotalMilliseconds:0.###} ms";
}

public sealed record UniformDelay(TimeSpan Min, TimeSpan Max) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2) => Min + ((Max - Min) * u1);

    public override string ToString() => $"uniform {Min.TotalMilliseconds:0.###}-{Max.TotalMilliseconds:0.###} ms";
}

/// <summary>Normally distributed (Box-Muller), never negative.</summary>
public sealed record NormalDelay(TimeSpan Mean, TimeSpan StandardDeviation) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2)
    {
        var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
        var value = Mean + (StandardDeviation * gaussian);
        return value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }

    public override string ToString() => $"normal mean {Mean.TotalMilliseconds:0.###} ms, sd {StandardDeviation.TotalMilliseconds:0.###} ms";
}

/// <summary>How a body is damaged.</summary>
public enum CorruptionMode
{
    /// <summary>Some bytes are flipped (XOR 0xFF) at positions drawn from the seed.</summary>
    Flip,

    /// <summary>The body is cut short.</summary>
    Truncate,
}

/// <summary>What a rule does to a matching message. YAML names are kebab-case (<c>drop-response</c>...).</summary>
public abstract record FaultAction
{
    public abstract string Name { get; }
}

/// <summary>The service never sees the request; the client gets what a lost message gives it.</summary>
public sealed record DropAction(LostAnswer Answer = LostAnswer.Empty202) : FaultAction
{
    public override string Name => "drop";
}

/// <summary>The service processes the request; the client never sees the reply or acknowledgement.</summary>
public sealed record DropResponseAction(LostAnswer Answer = LostAnswer.Empty202) : FaultAction
{
    public override string Name => "drop-response";
}

/// <summary>The service receives the request <see cref="Copies"/> more times; the client gets one answer.</summary>
public sealed record DuplicateAction(int Copies = 1) : FaultAction
{
    public override string Name => "duplicate";
}

public sealed record DelayAction(DelayDistribution Distribution) : FaultAction
{
    public override string Name => "delay";
}

/// <summary>
/// Holds the message until <see cref="AfterMessages"/> later messages of the same session have passed (overtaking
/// it), or <see cref="MaxHold"/> runs out.
/// </summary>
public sealed record ReorderAction(int AfterMessages, TimeSpan MaxHold) : FaultAction
{
    public override string Name => "reorder";
}

/// <summary>Answers with an HTTP error status instead of forwarding (request) or instead of the answer (response).</summary>
public sealed record HttpErrorAction(int Status) : FaultAction
{
    public override string Name => "http-error";
}

/// <summary>Resets the connection.</summary>
public sealed record AbortAction : FaultAction
{
    public override string Name => "abort";
}

/// <summary>Starts a partition: for <see cref="Duration"/>, every message, both ways, every session, is lost.</summary>
public sealed record PartitionAction(TimeSpan Duration, LostAnswer Answer = LostAnswer.Abort) : FaultAction
{
    public override string Name => "partition";
}

/// <summary>Damages the body: flips <see cref="Bytes"/> bytes, or keeps only the fraction <see cref="Keep"/>.</summary>
public sealed record CorruptAction(CorruptionMode Mode, int Bytes = 4, double Keep = 0.5) : FaultAction
{
    public override string Name => "corrupt";
}
