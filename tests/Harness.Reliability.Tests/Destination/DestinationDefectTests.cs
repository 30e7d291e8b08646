using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// The deliberate destination defects, fed hand-written WS-RM messages: each defect shows its bug in the journal or the
/// acknowledgements, and the same steps against a correct destination show the correct behaviour (the control, which
/// keeps each test able to fail).
/// </summary>
public class DestinationDefectTests
{
    [Test]
    public async Task NoDuplicateSuppression_delivers_every_retransmission_again([Values("2005", "11")] string rm)
    {
        var outcome = await RetransmitDeliveredMessagesAsync(rm, DestinationDefects.NoDuplicateSuppression);

        outcome.DeliveredCalls.Should().Equal([1, 2, 1, 2], "each retransmission reaches the journal a second time");
        outcome.RetransmittedAppendReplyNumber.Should().Be(1, "the retransmitted Append still gets its first, cached reply");
    }

    [Test]
    public async Task Without_NoDuplicateSuppression_retransmissions_are_delivered_once([Values("2005", "11")] string rm)
    {
        var outcome = await RetransmitDeliveredMessagesAsync(rm, DestinationDefects.None);

        outcome.DeliveredCalls.Should().Equal(1, 2);
        outcome.RetransmittedAppendReplyNumber.Should().Be(1);
    }

    [Test]
    public async Task DeliverOnArrival_delivers_an_ordered_session_out_of_order_but_still_suppresses_duplicates([Values("2005", "11")] string rm)
    {
        var deliveredCalls = await SendAcrossAGapAsync(rm, DestinationDefects.DeliverOnArrival);

        deliveredCalls.Should().Equal([1, 3, 2], "message 3 is delivered on arrival, ahead of 2, and its retransmission is not");
    }

    [Test]
    public async Task Without_DeliverOnArrival_an_ordered_session_waits_for_the_gap([Values("2005", "11")] string rm)
    {
        var deliveredCalls = await SendAcrossAGapAsync(rm, DestinationDefects.None);

        deliveredCalls.Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task AcknowledgeDiscarded_acknowledges_a_message_dropped_with_the_buffer_full([Values("2005", "11")] string rm)
    {
        var outcome = await LeaveMessage2MissingAsync(rm, DestinationDefects.AcknowledgeDiscarded);

        outcome.AfterBuffering.Should().Be("1,3", "message 3 is held ahead of the gap");
        outcome.AfterBufferFull.Should().Be("1,3-5", "message 5 was discarded because the buffer was full, yet acknowledged");
        outcome.AtTermination.Should().Be("1,3-5");
        outcome.DeliveredCalls.Should().Equal([1], "the gap never filled, and message 5 was never even held");
    }

    [Test]
    public async Task A_one_way_session_acknowledges_what_it_holds_ahead_of_a_gap_but_not_what_it_discards([Values("2005", "11")] string rm)
    {
        var outcome = await LeaveMessage2MissingAsync(rm, DestinationDefects.None);

        outcome.AfterBuffering.Should().Be("1,3", "message 3 is held in the buffer ahead of the gap, so acknowledged (selective acknowledgement)");
        outcome.AfterBufferFull.Should().Be("1,3-4", "message 5 found the buffer full and was discarded unacknowledged");
        outcome.AtTermination.Should().Be("1,3-4", "an acknowledgement never shrinks, even for held messages given up at termination");
        outcome.DeliveredCalls.Should().Equal(1);
    }

    [Test]
    public async Task DropLastMessage_loses_the_last_Post_though_it_was_acknowledged(
        [Values("2005", "11")] string rm, [Values] bool closeBeforeTerminating)
    {
        var outcome = await PostThreeAndEndAsync(rm, closeBeforeTerminating, DestinationDefects.DropLastMessage);

        outcome.AfterLastPost.Should().Be("1-3", "the held-back Post is acknowledged as usual");
        outcome.DeliveredCalls.Should().Equal([1, 2], "Post 3 was still held back when the sequence ended");
    }

    [Test]
    public async Task Without_DropLastMessage_the_last_Post_is_delivered(
        [Values("2005", "11")] string rm, [Values] bool closeBeforeTerminating)
    {
        var outcome = await PostThreeAndEndAsync(rm, closeBeforeTerminating, DestinationDefects.None);

        outcome.AfterLastPost.Should().Be("1-3");
        outcome.DeliveredCalls.Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task DropLastMessage_writes_a_held_Post_before_the_next_call_and_leaves_Appends_alone(
        [Values("2005", "11")] string rm, [Values] bool defective)
    {
        await using var service = await StartAsync(rm, defective ? DestinationDefects.DropLastMessage : DestinationDefects.None);
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: true);

        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        var reply = (await service.SendRawAsync(text.Append(sequenceId, 2))).ShouldBeMessage(200, "Append 2");

        JournalContract.TryReadAppendResult(reply.Body).Should().Be(2, "Post 1 is written before the Append that follows it");
        DeliveredCalls(service, sequenceId).Should().Equal(1, 2);
    }

    [Test]
    public async Task ReplyToWrongCall_answers_a_retransmitted_Append_with_the_reply_of_the_call_before([Values("2005", "11")] string rm)
    {
        var outcome = await RetransmitAppend2Async(rm, DestinationDefects.ReplyToWrongCall);

        outcome.FirstCount.Should().Be(2, "the first answer is Append 2's own reply");
        outcome.RetransmittedCount.Should().Be(1, "the retransmission gets Append 1's reply");
        outcome.RetransmittedRelatesTo.Should().Be(outcome.MessageId, "addressed to Append 2, so the source takes it for its reply");
        outcome.DeliveredCalls.Should().Equal([1, 2], "the retransmission is still recognised as a duplicate");
    }

    [Test]
    public async Task Without_ReplyToWrongCall_a_retransmitted_Append_gets_its_own_cached_reply([Values("2005", "11")] string rm)
    {
        var outcome = await RetransmitAppend2Async(rm, DestinationDefects.None);

        outcome.FirstCount.Should().Be(2);
        outcome.RetransmittedCount.Should().Be(2);
        outcome.RetransmittedRelatesTo.Should().Be(outcome.MessageId);
        outcome.DeliveredCalls.Should().Equal(1, 2);
    }

    /// <summary>Appends 1 and 2, then Append 2 again (the same message, as a source whose reply was lost resends it).</summary>
    private static async Task<(int? FirstCount, int? RetransmittedCount, string? MessageId, string? RetransmittedRelatesTo, IReadOnlyList<int> DeliveredCalls)> RetransmitAppend2Async(
        string rm, DestinationDefects defects)
    {
        await using var service = await StartAsync(rm, defects);
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: true);

        (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "Append 1");
        var append2 = text.Append(sequenceId, 2);
        var first = (await service.SendRawAsync(append2)).ShouldBeMessage(200, "Append 2");
        var retransmitted = (await service.SendRawAsync(append2)).ShouldBeMessage(200, "Append 2 again");

        return (
            JournalContract.TryReadAppendResult(first.Body),
            JournalContract.TryReadAppendResult(retransmitted.Body),
            SoapMessageReader.Read(append2).Addressing.MessageId,
            retransmitted.Addressing.RelatesTo,
            DeliveredCalls(service, sequenceId));
    }

    /// <summary>Append 1 and Post 2, then both again, as a source whose acknowledgements were lost sends them.</summary>
    private static async Task<(IReadOnlyList<int> DeliveredCalls, long RetransmittedAppendReplyNumber)> RetransmitDeliveredMessagesAsync(
        string rm, DestinationDefects defects)
    {
        await using var service = await StartAsync(rm, defects);
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: true);

        (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "Append 1");
        (await service.SendRawAsync(text.Post(sequenceId, 2))).ShouldBeMessage(200, "Post 2");
        var retransmittedReply = (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "Append 1 again");
        (await service.SendRawAsync(text.Post(sequenceId, 2))).ShouldBeMessage(200, "Post 2 again");

        return (DeliveredCalls(service, sequenceId), retransmittedReply.Sequence!.MessageNumber);
    }

    /// <summary>Posts 1, 3, 2 and 3 again in an ordered session.</summary>
    private static async Task<IReadOnlyList<int>> SendAcrossAGapAsync(string rm, DestinationDefects defects)
    {
        await using var service = await StartAsync(rm, defects);
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        foreach (var number in new long[] { 1, 3, 2, 3 })
        {
            (await service.SendRawAsync(text.Post(sequenceId, number))).ShouldBeMessage(200, $"Post {number}");
        }

        return DeliveredCalls(service, sequenceId);
    }

    /// <summary>
    /// With a buffer of two, Posts 1, 3, 4 and 5 while 2 never arrives (3 and 4 are buffered, 5 finds the buffer
    /// full), then TerminateSequence; returns the acknowledged ranges along the way.
    /// </summary>
    private static async Task<(string AfterBuffering, string AfterBufferFull, string AtTermination, IReadOnlyList<int> DeliveredCalls)> LeaveMessage2MissingAsync(
        string rm, DestinationDefects defects)
    {
        await using var service = await StartAsync(rm, defects, settings => settings with { MaxTransferWindowSize = 2 });
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        var afterBuffering = Acknowledged(await service.SendRawAsync(text.Post(sequenceId, 3)), "Post 3");
        (await service.SendRawAsync(text.Post(sequenceId, 4))).ShouldBeMessage(200, "Post 4");
        var afterBufferFull = Acknowledged(await service.SendRawAsync(text.Post(sequenceId, 5)), "Post 5");
        var atTermination = Acknowledged(await service.SendRawAsync(text.TerminateSequence(sequenceId, 5)), "TerminateSequence");

        return (afterBuffering, afterBufferFull, atTermination, DeliveredCalls(service, sequenceId));
    }

    /// <summary>
    /// Posts 1 to 3, then ends the sequence: with <paramref name="closeBeforeTerminating"/>, first the version's own
    /// close (1.1 CloseSequence, February 2005 LastMessage), then TerminateSequence.
    /// </summary>
    private static async Task<(string AfterLastPost, IReadOnlyList<int> DeliveredCalls)> PostThreeAndEndAsync(
        string rm, bool closeBeforeTerminating, DestinationDefects defects)
    {
        await using var service = await StartAsync(rm, defects);
        var text = new RmRequestText(ReliableMessagingVersion.FromShortName(rm)!, service.Endpoint);
        var (sequenceId, _) = await CreateSequenceAsync(service, text, offer: false);

        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");
        (await service.SendRawAsync(text.Post(sequenceId, 2))).ShouldBeMessage(200, "Post 2");
        var afterLastPost = Acknowledged(await service.SendRawAsync(text.Post(sequenceId, 3)), "Post 3");
        var lastNumber = 3L;
        if (closeBeforeTerminating && text.Version.Is11)
        {
            Acknowledged(await service.SendRawAsync(text.CloseSequence(sequenceId, lastNumber)), "CloseSequence").Should().Be("1-3");
        }
        else if (closeBeforeTerminating)
        {
            lastNumber = 4;
            Acknowledged(await service.SendRawAsync(text.LastMessage(sequenceId, lastNumber)), "LastMessage").Should().Be("1-4");
        }

        Acknowledged(await service.SendRawAsync(text.TerminateSequence(sequenceId, lastNumber)), "TerminateSequence")
            .Should().Be(closeBeforeTerminating && text.Version.IsFebruary2005 ? "1-4" : "1-3");

        return (afterLastPost, DeliveredCalls(service, sequenceId));
    }

    private static Task<ServiceFixture> StartAsync(
        string rm, DestinationDefects defects, Func<ReliableSessionSettings, ReliableSessionSettings>? adjust = null)
    {
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)! };
        return ServiceFixture.StartAsync(adjust?.Invoke(settings) ?? settings, configure: options => options with { Defects = defects });
    }

    private static async Task<(string SequenceId, string? OfferedId)> CreateSequenceAsync(ServiceFixture service, RmRequestText text, bool offer)
    {
        var offeredId = offer ? "urn:uuid:" + Guid.NewGuid() : null;
        var message = (await service.SendRawAsync(text.CreateSequence(offeredId))).ShouldBeMessage(200, "CreateSequence");
        return (message.Body.Should().BeOfType<CreateSequenceResponse>().Subject.Identifier, offeredId);
    }

    /// <summary>The ranges the answer acknowledges, in their compact text form (e.g. <c>1,3-5</c>).</summary>
    private static string Acknowledged(RawAnswer answer, string step)
    {
        var acknowledgement = answer.ShouldBeMessage(200, step).Acknowledgements.Should().ContainSingle(step).Subject;
        return new SequenceRangeSet(acknowledgement.Ranges).ToString();
    }

    /// <summary>The call numbers the journal holds for the sequence, in delivery order.</summary>
    private static IReadOnlyList<int> DeliveredCalls(ServiceFixture service, string sequenceId) =>
        service.Host.Journal.EntriesOf(sequenceId).Select(e => e.Sequence).ToArray();
}
