namespace Harness.Benchmarks;

/// <summary>The application messages the benchmarks read; the names appear as-is in the results table.</summary>
public enum SampleMessage
{
    /// <summary>Request-reply Append, WS-RM February 2005 (784 bytes).</summary>
    AppendRm2005,

    /// <summary>Request-reply Append, WS-RM 1.1, with a piggy-backed SequenceAcknowledgement header (962 bytes).</summary>
    AppendWithAckRm11,

    /// <summary>One-way Post, WS-RM February 2005 (614 bytes).</summary>
    PostOneWayRm2005,

    /// <summary><see cref="AppendRm2005"/> with its payload replaced by 64 KiB of text: same headers, much larger body.</summary>
    Append64KiBRm2005,
}
