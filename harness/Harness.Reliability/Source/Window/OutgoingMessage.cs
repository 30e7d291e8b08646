using Harness.Reliability.Journal;
using Harness.Reliability.Source.Retransmission;

namespace Harness.Reliability.Source.Window;

/// <summary>One message of the source's sequence, from numbering until it is acknowledged (and answered).</summary>
internal sealed class OutgoingMessage(long number, JournalCall? call, string? messageId)
{
    public long Number { get; } = number;

    /// <summary>Null for the February 2005 LastMessage.</summary>
    public JournalCall? Call { get; } = call;

    /// <summary>Request-reply calls keep one MessageID across retransmissions, so the reply relates to it.</summary>
    public string? MessageId { get; } = messageId;

    public bool ExpectsReply => Call?.Operation == JournalOperation.Append;

    public bool Acknowledged { get; set; }

    public int? Reply { get; set; }

    public int Attempts { get; set; }

    /// <summary>
    /// The step of the retransmission back-off the next wait uses (1 = the base timeout). It starts again at 1 when the
    /// sequence makes progress, so a message held up behind a gap is not left waiting out a long back-off once the
    /// gap closes.
    /// </summary>
    public int BackoffStep { get; set; } = 1;

    /// <summary>
    /// An attempt was answered without acknowledging the message: the destination discarded it (it arrived ahead of a
    /// gap, or its buffer was full), so it must be sent again, and at once when it becomes the lowest unacknowledged.
    /// </summary>
    public bool Discarded { get; set; }

    /// <summary>Sent again before its timer ran out, which happens once (see <see cref="SendWindow.Apply"/>).</summary>
    public bool SentAgainEarly { get; set; }

    /// <summary>Completes when the message is done (acknowledged, and answered if it expects a reply).</summary>
    public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the retransmission wait early (acknowledged, answered, Nack or session fault).</summary>
    public WakeSignal Wake { get; } = new();

    public bool IsDone => Acknowledged && (!ExpectsReply || Reply is not null);
}
