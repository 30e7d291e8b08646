using System.Text;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// A destination restricted to one WS-RM version and one message version, as one CoreWCF endpoint is, answers the
/// others as CoreWCF does (Data/corewcf-service/rm2005-hostile/27-29, copied from shared/wire): the tests of
/// <c>harness run --target</c> stand it in for a real CoreWCF service.
/// </summary>
public class RestrictedVersionTests
{
    private static readonly ReliableSessionSettings February2005 = new() { ReliableMessagingVersion = ReliableMessagingVersion.WSReliableMessagingFebruary2005 };

    [Test]
    public async Task A_WS_RM_1_1_CreateSequence_gets_CoreWCFs_ActionNotSupported_fault()
    {
        await using var service = await RestrictedServiceAsync();

        var answer = await SendCapturedRequestAsync(service, "27-CreateSequence-rm11");

        answer.ShouldBeMessage(500, "a WS-RM 1.1 CreateSequence");
        var fault = answer.Message!.Body.Should().BeOfType<SoapFault>().Subject;
        fault.Subcode!.Name.Should().Be("ActionNotSupported");
        fault.Reason.Should().Contain("Only WS-ReliableMessaging February 2005 messages are processed by this endpoint");
        service.Host.Destination.SequenceCount.Should().Be(0);
    }

    [Test]
    public async Task A_SOAP_1_1_CreateSequence_gets_415_as_from_CoreWCF()
    {
        await using var service = await RestrictedServiceAsync();

        var answer = await SendCapturedRequestAsync(service, "28-CreateSequence-soap11");

        answer.Status.Should().Be(415, answer.Text);
        service.Host.Destination.SequenceCount.Should().Be(0);
    }

    [Test]
    public async Task A_WS_Addressing_2004_CreateSequence_gets_400_with_a_fault_where_CoreWCF_resets_the_connection()
    {
        await using var service = await RestrictedServiceAsync();

        var answer = await SendCapturedRequestAsync(service, "29-CreateSequence-wsa2004");

        answer.ShouldBeMessage(400, "a WS-Addressing 2004/08 CreateSequence");
        answer.Message!.Body.Should().BeOfType<SoapFault>().Which.Reason.Should().Contain("WS-Addressing 1.0");
        service.Host.Destination.SequenceCount.Should().Be(0);
    }

    [Test]
    public async Task The_version_it_speaks_opens_a_session_as_before()
    {
        await using var service = await RestrictedServiceAsync();

        await using var session = await service.OpenAsync(February2005, expectReplies: true);
        (await session.AppendAsync(1, "m1", TestTimeout.Token)).Should().Be(1);
        service.Host.Destination.SequenceCount.Should().Be(1);
        await session.CloseAsync(TestTimeout.Token);

        service.Host.Destination.SequenceCount.Should().Be(0, "LastMessage and TerminateSequence end the sequence");
    }

    private static Task<ServiceFixture> RestrictedServiceAsync() =>
        ServiceFixture.StartAsync(February2005, configure: options => options with
        {
            OnlyReliableMessagingVersion = ReliableMessagingVersion.WSReliableMessagingFebruary2005,
            OnlyMessageVersion = MessageVersion.Soap12WSAddressing10,
        });

    /// <summary>Posts the body of a captured request with its captured content type.</summary>
    private static Task<RawAnswer> SendCapturedRequestAsync(ServiceFixture service, string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "corewcf-service", "rm2005-hostile", name + ".request.http"), Encoding.UTF8);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var contentType = text[..split].Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Single(parts => parts[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))[1].Trim();
        return service.SendRawAsync(text[(split + 4)..], contentType);
    }
}
