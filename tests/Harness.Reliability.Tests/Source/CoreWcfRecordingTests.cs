using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Versions;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// The scripted service's answers are CoreWCF's: editing one recorded answer the way the fake does reproduces the
/// answer CoreWCF actually sent in that situation.
/// </summary>
public class CoreWcfRecordingTests
{
    [TestCase("2005")]
    [TestCase("11")]
    public void Editing_the_first_reply_reproduces_the_recorded_second_reply(string rm)
    {
        var recording = CoreWcfRecording.For(ReliableMessagingVersion.FromShortName(rm)!);
        var recorded = recording.SecondReply.Parse()!;

        var generated = new CoreWcfAnswerTemplate(recording.FirstReply, recording.Version)
            .WithMessageNumber(2)
            .WithAppendResult(4)
            .WithAcknowledgement([new SequenceRange(1, 4)])
            .WithRelatesTo(recorded.Addressing.RelatesTo)
            .ToXml();

        SoapMessageReader.Read(generated).Should().Be(recorded);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public void Editing_an_acknowledgement_reproduces_the_recorded_later_acknowledgement(string rm)
    {
        var recording = CoreWcfRecording.For(ReliableMessagingVersion.FromShortName(rm)!);

        var generated = new CoreWcfAnswerTemplate(recording.Acknowledgement, recording.Version)
            .WithAcknowledgement([new SequenceRange(1, 3)])
            .ToXml();

        SoapMessageReader.Read(generated).Should().Be(recording.LaterAcknowledgement.Parse());
    }

    [TestCase("2005")]
    [TestCase("11")]
    public void The_answer_to_a_retransmission_is_the_cached_reply_byte_for_byte(string rm)
    {
        // Why the fake answers a duplicate Append with the body it sent the first time.
        var recording = CoreWcfRecording.For(ReliableMessagingVersion.FromShortName(rm)!);

        recording.CachedReply.Status.Should().Be(200);
        recording.CachedReply.Body.Should().Be(recording.FirstReply.Body);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public void Answers_with_a_body_are_soap_12_and_the_gap_answer_is_an_empty_202(string rm)
    {
        var recording = CoreWcfRecording.For(ReliableMessagingVersion.FromShortName(rm)!);
        CoreWcfCapture[] withBody =
        [
            recording.CreateSequenceRefused, recording.CreateSequenceResponse, recording.FirstReply, recording.Acknowledgement,
            recording.SecondReply, recording.Close, recording.Terminate,
        ];

        withBody.Select(c => c.Headers["Content-Type"]).Should().AllBe(ScriptedCoreWcfService.SoapContentType);
        recording.CreateSequenceRefused.Status.Should().Be(500);
        recording.GapDiscarded.Status.Should().Be(202);
        recording.GapDiscarded.Body.Should().BeEmpty();
    }

    [TestCase("2005", SequenceFaultCode.SequenceTerminated)]
    [TestCase("11", SequenceFaultCode.UnknownSequence)]
    public void The_refusal_fault_edited_into_a_sequence_fault_reads_as_that_fault(string rm, SequenceFaultCode code)
    {
        var recording = CoreWcfRecording.For(ReliableMessagingVersion.FromShortName(rm)!);

        var template = new CoreWcfAnswerTemplate(recording.CreateSequenceRefused, recording.Version)
            .AsSequenceFault(code, "scripted", "urn:uuid:seq")
            .WithRelatesTo(null);
        var fault = SoapMessageReader.Read(template.ToXml());

        template.Status.Should().Be(500);
        fault.Action.Should().Be(recording.CreateSequenceRefused.Parse()!.Action);
        fault.Addressing.RelatesTo.Should().BeNull();
        fault.GetSequenceFault().Should().Be(new SequenceFault(code, "scripted") { Identifier = "urn:uuid:seq" });
    }
}
