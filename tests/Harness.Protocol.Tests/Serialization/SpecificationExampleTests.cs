using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>Messages in the indented, prefixed form the specifications show (Data/spec).</summary>
public class SpecificationExampleTests
{
    private const string Sequence = "http://Business456.com/RM/ABC";

    [Test]
    public void February_2005_CreateSequence()
    {
        var message = Read("rm2005-create-sequence.xml");

        message.Version.Should().Be(MessageVersion.Soap12WSAddressingAugust2004);
        message.ReliableMessaging.Should().Be(ReliableMessagingVersion.WSReliableMessagingFebruary2005);
        message.Addressing.ReplyTo.Should().Be(new EndpointReference("http://Business456.com/serviceA/789"));
        message.Body.Should().Be(new CreateSequence(new EndpointReference("http://Business456.com/serviceA/789")));
    }

    [Test]
    public void February_2005_CreateSequenceResponse()
    {
        var message = Read("rm2005-create-sequence-response.xml");

        message.Addressing.RelatesTo.Should().Be("http://Business456.com/guid/0baaf88d-483b-4ecf-a6d8-a7c2eb546817");
        message.Body.Should().Be(new CreateSequenceResponse(Sequence));
    }

    [Test]
    public void February_2005_last_message_with_AckRequested()
    {
        var message = Read("rm2005-message-3-ack-requested.xml");

        message.Sequence.Should().Be(new SequenceHeader(Sequence, 3, LastMessage: true));
        message.AckRequests.Should().Equal(new AckRequested(Sequence));
        message.Addressing.From!.Address.Should().Be("http://Business456.com/serviceA/789");
        ((ApplicationBody)message.Body).FirstElement!.Value.Should().Be("Ping message 3");
        Classify("rm2005-message-3-ack-requested.xml").Should().Match<MessageClassification>(c => c.Kind == MessageKind.Application && c.IsLastMessage && c.MessageNumber == 3);
    }

    [Test]
    public void February_2005_acknowledgement_with_a_gap()
    {
        var message = Read("rm2005-acknowledgement-with-gap.xml");

        var ack = message.Acknowledgements.Should().ContainSingle().Subject;
        ack.Ranges.Should().Equal(new SequenceRange(1, 1), new SequenceRange(3, 3));
        ack.Acknowledges(2).Should().BeFalse();
        new SequenceRangeSet(ack.Ranges).Gaps(3).Should().Equal(new SequenceRange(2, 2));
        Classify("rm2005-acknowledgement-with-gap.xml").Kind.Should().Be(MessageKind.Acknowledgement);
    }

    [Test]
    public void February_2005_TerminateSequence()
    {
        Read("rm2005-terminate-sequence.xml").Body.Should().Be(new TerminateSequence(Sequence));
        Classify("rm2005-terminate-sequence.xml").Should().Match<MessageClassification>(c => c.Kind == MessageKind.TerminateSequence && c.SequenceId == Sequence);
    }

    [Test]
    public void WS_RM_11_CreateSequenceResponse_with_Accept()
    {
        var response = Read("rm11-create-sequence-response-accept.xml").Body.Should().BeOfType<CreateSequenceResponse>().Subject;

        response.Identifier.Should().Be(Sequence);
        response.Expires.Should().Be(TimeSpan.FromHours(1));
        response.IncompleteSequenceBehavior.Should().Be(IncompleteSequenceBehavior.DiscardEntireSequence);
        response.Accept.Should().Be(new SequenceAccept(new EndpointReference("http://fabrikam123.com/serviceB/123")));
    }

    [Test]
    public void WS_RM_11_CloseSequenceResponse_with_final_acknowledgement()
    {
        var message = Read("rm11-close-sequence-response-final.xml");

        message.Body.Should().Be(new CloseSequenceResponse(Sequence));
        message.Acknowledgements.Single().Should().Be(new SequenceAcknowledgement(Sequence, [new SequenceRange(1, 3)]) { Final = true });
    }

    [Test]
    public void WS_RM_11_TerminateSequence_with_last_message_number()
    {
        Read("rm11-terminate-sequence.xml").Body.Should().Be(new TerminateSequence(Sequence, 3));
    }

    [Test]
    public void WS_RM_11_fault_in_SOAP_11()
    {
        var message = Read("rm11-fault-soap11-unknown-sequence.xml");

        message.Version.Soap.Should().Be(SoapVersion.Soap11);
        message.GetSequenceFault().Should().Be(new SequenceFault(SequenceFaultCode.UnknownSequence, "The value of wsrm:Identifier is not a known Sequence identifier.")
        {
            Identifier = "http://Business456.com/RM/XYZ",
        });
        Classify("rm11-fault-soap11-unknown-sequence.xml").Should().Match<MessageClassification>(c => c.FaultCode == "UnknownSequence" && c.SequenceId == "http://Business456.com/RM/XYZ");
    }

    [TestCase("rm2005-create-sequence.xml")]
    [TestCase("rm2005-create-sequence-response.xml")]
    [TestCase("rm2005-message-3-ack-requested.xml")]
    [TestCase("rm2005-acknowledgement-with-gap.xml")]
    [TestCase("rm2005-terminate-sequence.xml")]
    [TestCase("rm11-create-sequence-response-accept.xml")]
    [TestCase("rm11-close-sequence-response-final.xml")]
    [TestCase("rm11-terminate-sequence.xml")]
    [TestCase("rm11-fault-soap11-unknown-sequence.xml")]
    public void Every_example_rewrites_to_an_equivalent_message(string file)
    {
        var message = Read(file);

        SoapMessageReader.Read(SoapMessageWriter.ToBytes(message)).Should().Be(message);
    }

    private static SoapMessage Read(string file) => SoapMessageReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "spec", file)));

    private static MessageClassification Classify(string file) => MessageClassifier.Classify(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "spec", file)));
}
