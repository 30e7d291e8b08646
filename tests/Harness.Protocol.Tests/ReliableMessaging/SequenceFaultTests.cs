using System.Xml;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Tests.Support;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Tests.ReliableMessaging;

public class SequenceFaultTests
{
    public static IEnumerable<TestCaseData> EveryFaultOfEveryVersion()
    {
        foreach (var rm in ReliableMessagingVersion.All)
        {
            foreach (var version in new[] { MessageVersion.Soap12WSAddressing10, MessageVersion.Soap11WSAddressing10, MessageVersion.Soap12WSAddressingAugust2004 })
            {
                foreach (var code in Enum.GetValues<SequenceFaultCode>())
                {
                    var fault = Example(code);
                    if (fault.IsDefinedIn(rm))
                    {
                        yield return new TestCaseData(fault, version, rm).SetArgDisplayNames($"{rm.ShortName} {version.Soap.Name} {version.Addressing.Name}: {code}");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(EveryFaultOfEveryVersion))]
    public void A_fault_survives_the_wire(SequenceFault fault, MessageVersion version, ReliableMessagingVersion rm)
    {
        var message = SequenceFaults.ToMessage(fault, version, rm, relatesTo: "urn:uuid:request");

        var read = SoapMessageReader.Read(SoapMessageWriter.ToBytes(message));

        read.Should().Be(message);
        read.GetSequenceFault().Should().Be(fault);
        read.Action.Should().Be(rm.Is11 ? "http://docs.oasis-open.org/ws-rx/wsrm/200702/fault" : version.Addressing.DefaultFaultAction);
        read.Addressing.RelatesTo.Should().Be("urn:uuid:request");

        var classification = MessageClassifier.Classify(SoapMessageWriter.ToBytes(message));
        classification.Kind.Should().Be(MessageKind.Fault);
        classification.FaultCode.Should().Be(fault.SubcodeName);
        classification.SequenceId.Should().Be(fault.Identifier ?? fault.Acknowledgement?.Identifier);
    }

    [Test]
    public void SOAP_12_puts_the_subcode_in_the_fault_and_the_identifier_in_the_detail()
    {
        var message = SequenceFaults.ToMessage(Example(SequenceFaultCode.UnknownSequence), MessageVersion.Default, ReliableMessagingVersion.WSReliableMessagingFebruary2005);

        var fault = message.Body.Should().BeOfType<SoapFault>().Subject;
        fault.Code.Should().Be(SoapFaultCode.Sender);
        fault.Subcode.Should().Be(new XmlQualifiedName("UnknownSequence", "http://schemas.xmlsoap.org/ws/2005/02/rm"));
        fault.Detail.Should().ContainSingle().Which.Value.Should().Be(TestMessages.SequenceId);
        message.SequenceFaultHeader.Should().BeNull();
    }

    [Test]
    public void SOAP_11_carries_header_faults_in_a_SequenceFault_header()
    {
        var message = SequenceFaults.ToMessage(Example(SequenceFaultCode.SequenceClosed), MessageVersion.Soap11WSAddressing10, ReliableMessagingVersion.WSReliableMessaging11);

        var xml = SoapMessageWriter.ToXml(message);

        xml.Should().Contain("<r:SequenceFault><r:FaultCode>r:SequenceClosed</r:FaultCode><r:Detail><r:Identifier>");
        xml.Should().Contain("<faultcode>s:Client</faultcode>");
    }

    [Test]
    public void SOAP_11_makes_CreateSequenceRefused_the_faultcode_itself()
    {
        var message = SequenceFaults.ToMessage(
            new SequenceFault(SequenceFaultCode.CreateSequenceRefused, "no more sessions"), MessageVersion.Soap11WSAddressing10, ReliableMessagingVersion.WSReliableMessagingFebruary2005);

        var xml = SoapMessageWriter.ToXml(message);

        xml.Should().Contain("<faultcode>r:CreateSequenceRefused</faultcode>");
        xml.Should().NotContain("SequenceFault>");
    }

    [Test]
    public void A_subcode_of_the_other_version_is_refused()
    {
        var build = () => SequenceFaults.ToMessage(
            Example(SequenceFaultCode.LastMessageNumberExceeded), MessageVersion.Default, ReliableMessagingVersion.WSReliableMessaging11);

        build.Should().Throw<ArgumentException>().WithMessage("*LastMessageNumberExceeded*");
    }

    [Test]
    public void The_real_wcf_client_fault_reads_as_SequenceTerminated()
    {
        var message = SoapMessageReader.Read(WireData.WcfClientMessage("rm2005/oneway-contract-202/007-Fault-SequenceTerminated.xml"));

        var fault = message.GetSequenceFault();

        fault.Should().NotBeNull();
        fault!.Code.Should().Be(SequenceFaultCode.SequenceTerminated);
        fault.IsSenderFault.Should().BeFalse("WCF reports it as a Receiver fault");
        fault.Identifier.Should().Be("urn:uuid:5c02033a-61e4-4fd2-9230-4f32bfffcc3c");
        fault.Reason.Should().Contain("could not transfer the last message");
    }

    [Test]
    public void A_plain_soap_fault_is_no_sequence_fault()
    {
        var message = new SoapMessage
        {
            Addressing = new() { Action = "http://www.w3.org/2005/08/addressing/soap/fault" },
            Body = new SoapFault(SoapFaultCode.Receiver, "the service is broken"),
        };

        SoapMessageReader.Read(SoapMessageWriter.ToBytes(message)).GetSequenceFault().Should().BeNull();
    }

    private static SequenceFault Example(SequenceFaultCode code) => code switch
    {
        SequenceFaultCode.InvalidAcknowledgement => new SequenceFault(code, "acknowledged 9, sent 5")
        {
            Identifier = TestMessages.SequenceId,
            Acknowledgement = new SequenceAcknowledgement(TestMessages.SequenceId, [new SequenceRange(1, 9)]),
        },
        SequenceFaultCode.CreateSequenceRefused or SequenceFaultCode.WsrmRequired => new SequenceFault(code, $"{code} reason"),
        SequenceFaultCode.SequenceTerminated => new SequenceFault(code, "terminated") { Identifier = TestMessages.SequenceId, IsSenderFault = false },
        _ => new SequenceFault(code, $"{code} reason") { Identifier = TestMessages.SequenceId },
    };
}
