using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Journal;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// When the source sends the lowest unacknowledged message again before its timer runs out: once it was answered
/// without an acknowledgement (lost or discarded) and the destination then acknowledges later messages, or the gap
/// before it closes; once per message.
/// </summary>
public class SendWindowTests
{
    [Test]
    public void A_lost_message_goes_again_at_once_when_later_messages_are_acknowledged_and_only_once()
    {
        var window = WindowOfPosts(5, out var messages);
        messages[1].Discarded = true;

        var wake = Apply(window, (1, 1), (3, 3));
        wake.Should().Equal([messages[1]], "message 2 was answered without an acknowledgement, and message 3 was acknowledged since");

        wake = Apply(window, (1, 1), (3, 4));
        wake.Should().BeEmpty("message 2 was already sent again early; if that is lost too, its timer resends it");
    }

    [Test]
    public void A_message_still_in_flight_is_left_to_its_answer()
    {
        var window = WindowOfPosts(5, out var messages);

        Apply(window, (1, 1), (3, 4)).Should().BeEmpty("message 2 is not known to be lost: its answer has not come");
    }

    [Test]
    public void A_discarded_message_goes_again_at_once_when_the_gap_before_it_closes()
    {
        var window = WindowOfPosts(5, out var messages);
        messages[2].Discarded = true;

        Apply(window, (1, 1)).Should().BeEmpty("message 3 is not the lowest unacknowledged message yet");
        Apply(window, (1, 2)).Should().Equal([messages[2]], "the gap before message 3 closed");
    }

    private static SendWindow WindowOfPosts(int count, out List<OutgoingMessage> messages)
    {
        var window = new SendWindow(8);
        messages = [.. Enumerable.Range(1, count).Select(number => window.Add(new JournalCall(JournalOperation.Post, number, "m" + number), null))];
        return window;
    }

    private static List<OutgoingMessage> Apply(SendWindow window, params (long Lower, long Upper)[] ranges)
    {
        var ack = new SequenceAcknowledgement("urn:uuid:sequence", [.. ranges.Select(range => new SequenceRange(range.Lower, range.Upper))]);
        var wake = new List<OutgoingMessage>();
        window.Apply(ack, [], wake);
        return wake;
    }
}
