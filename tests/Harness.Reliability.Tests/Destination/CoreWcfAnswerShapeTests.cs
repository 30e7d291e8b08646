using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// Answers the real WCF client depends on, given as CoreWCF's reliable-session service gives them
/// (shared/wire/corewcf-service, rm2005-hostile/17, and shared/wire/wcf-client-under-faults.md): a request ahead of a
/// gap on a reply session gets an empty 202 (an acknowledgement-only 200 makes the WCF client fault the session), and
/// a repeated TerminateSequence gets the final acknowledgement again.
/// </summary>
public class CoreWcfAnswerShapeTests
{
    [Test]
    public async Task On_a_reply_session_a_request_ahead_of_a_gap_gets_an_empty_202_and_its_resend_gets_the_reply([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var offeredId = "urn:uuid:" + Guid.NewGuid();
        var sequenceId = await CreateSequenceAsync(service, text, offeredId);

        var ahead = await service.SendRawAsync(text.Append(sequenceId, 2));
        var oneWayAhead = await service.SendRawAsync(text.Post(sequenceId, 3));
        var first = (await service.SendRawAsync(text.Append(sequenceId, 1))).ShouldBeMessage(200, "Append 1");
        var resent = (await service.SendRawAsync(text.Append(sequenceId, 2))).ShouldBeMessage(200, "Append 2 resent");

        ahead.Status.Should().Be(202, "a request-reply message ahead of the gap: {0}", ahead.Text);
        ahead.Message.Should().BeNull("CoreWCF's answer ahead of a gap is empty");
        // Where the harness's service differs from CoreWCF (which discards it with a 202): a held one-way message is
        // acknowledged at once, so only the gap is sent again (docs/targets.md).
        oneWayAhead.ShouldBeMessage(200, "Post 3 held ahead of the gap").Acknowledgements.Single().Ranges
            .Should().Equal([new Protocol.Acknowledgements.SequenceRange(3, 3)], "a one-way message held ahead of the gap is acknowledged; the request is not");
        first.Sequence!.MessageNumber.Should().Be(1, "the reply to Append 1 is reply 1");
        resent.Sequence!.MessageNumber.Should().Be(2, "the resend of Append 2 gets its reply, number 2 on the offered sequence");
        service.Host.Journal.EntriesOf(sequenceId).Select(entry => entry.Payload.Preview).Should().Equal("m1", "m2", "m3");
    }

    [Test]
    public async Task Without_an_Offer_a_one_way_message_ahead_of_a_gap_is_acknowledged_with_what_was_delivered([Values("2005", "11")] string rm)
    {
        var settings = Settings(rm);
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var sequenceId = await CreateSequenceAsync(service, text, offeredId: null);
        (await service.SendRawAsync(text.Post(sequenceId, 1))).ShouldBeMessage(200, "Post 1");

        // The output session of a one-way contract takes an acknowledgement-only 200 as the answer to every Post; the
        // held message is acknowledged at once (selective acknowledgement), so only the gap is sent again.
        var ahead = (await service.SendRawAsync(text.Post(sequenceId, 3))).ShouldBeMessage(200, "Post 3 ahead of the gap");
        var filled = (await service.SendRawAsync(text.Post(sequenceId, 2))).ShouldBeMessage(200, "Post 2 fills the gap");

        var held = ahead.Acknowledgements.Should().ContainSingle().Subject;
        held.Ranges.Should().Equal([new Protocol.Acknowledgements.SequenceRange(1, 1), new Protocol.Acknowledgements.SequenceRange(3, 3)], "what was delivered and what is held");
        held.BufferRemaining.Should().Be(settings.MaxTransferWindowSize - 1, "one place of the buffer is taken by message 3");
        filled.Acknowledgements.Single().Ranges.Should().Equal([new Protocol.Acknowledgements.SequenceRange(1, 3)]);
        service.Host.Journal.EntriesOf(sequenceId).Select(entry => entry.Payload.Preview).Should().Equal("m1", "m2", "m3");
    }

    [Test]
    public async Task A_repeated_TerminateSequence_gets_the_final_acknowledgement_again()
    {
        var settings = Settings("11");
        await using var service = await ServiceFixture.StartAsync(settings);
        var text = new RmRequestText(settings.ReliableMessagingVersion, service.Endpoint);
        var sequenceId = await CreateSequenceAsync(service, text, offeredId: null);
        for (var number = 1; number <= 3; number++)
        {
            (await service.SendRawAsync(text.Post(sequenceId, number))).ShouldBeMessage(200, $"Post {number}");
        }

        (await service.SendRawAsync(text.CloseSequence(sequenceId, 3))).ShouldBeMessage(200, "CloseSequence");
        var terminated = (await service.SendRawAsync(text.TerminateSequence(sequenceId, 3))).ShouldBeMessage(200, "TerminateSequence");
        var repeated = (await service.SendRawAsync(text.TerminateSequence(sequenceId, 3))).ShouldBeMessage(200, "TerminateSequence repeated");

        repeated.Body.Should().BeOfType<TerminateSequenceResponse>().Which.Identifier.Should().Be(sequenceId);
        var final = repeated.Acknowledgements.Should().ContainSingle("the WCF client faults the session without it").Subject;
        final.Should().BeEquivalentTo(terminated.Acknowledgements.Single(), "the repeat gets the same final acknowledgement");
        final.Ranges.Should().Equal([new Protocol.Acknowledgements.SequenceRange(1, 3)]);
    }

    private static ReliableSessionSettings Settings(string rm) =>
        new() { ReliableMessagingVersion = Protocol.Versions.ReliableMessagingVersion.FromShortName(rm)! };

    private static async Task<string> CreateSequenceAsync(ServiceFixture service, RmRequestText text, string? offeredId)
    {
        var message = (await service.SendRawAsync(text.CreateSequence(offeredId))).ShouldBeMessage(200, "CreateSequence");
        return message.Body.Should().BeOfType<CreateSequenceResponse>().Subject.Identifier;
    }
}
