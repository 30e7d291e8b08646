using System.Net.Http.Headers;
using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// Raw HTTP to the journal service, bypassing the harness's own RM source: the request is exactly the given bytes,
/// and the answer is read with the protocol library so tests can check what a real client would see.
/// </summary>
internal static class RawSoapExchange
{
    /// <summary>What the real WCF client sends: SOAP 1.2, no action parameter.</summary>
    public const string SoapContentType = "application/soap+xml; charset=utf-8";

    public static Task<RawAnswer> SendRawAsync(this ServiceFixture service, string xml, string contentType = SoapContentType, CancellationToken cancellationToken = default) =>
        service.SendRawAsync(Encoding.UTF8.GetBytes(xml), contentType, cancellationToken);

    /// <summary>Posts exactly <paramref name="body"/>: for input no string can hold, such as invalid UTF-8.</summary>
    public static Task<RawAnswer> SendRawAsync(this ServiceFixture service, byte[] body, string contentType = SoapContentType, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return service.SendRawAsync(content, expectContinue: false, cancellationToken);
    }

    /// <summary>Posts <paramref name="content"/> (and disposes it); every answer body must be a readable SOAP message.</summary>
    public static async Task<RawAnswer> SendRawAsync(this ServiceFixture service, HttpContent content, bool expectContinue = false, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, service.Endpoint) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, TestTimeout.Token);
        using var response = await service.Http.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return new RawAnswer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType,
            body.Length == 0 ? null : SoapMessageReader.Read(body),
            Encoding.UTF8.GetString(body));
    }
}

/// <summary>One HTTP answer: status, Content-Type and the SOAP message it carried, if any (Text is kept for failure messages).</summary>
internal sealed record RawAnswer(int Status, MediaTypeHeaderValue? ContentType, SoapMessage? Message, string Text)
{
    /// <summary>Asserts HTTP <paramref name="status"/> with a SOAP message (an empty 202 is not one) and returns it.</summary>
    public SoapMessage ShouldBeMessage(int status, string step)
    {
        Status.Should().Be(status, "of the answer to {0}: {1}", step, Text);
        Message.Should().NotBeNull("the answer to {0} must carry a SOAP message", step);

        // WCF refuses an answer whose media type or charset differs from its encoder's.
        ContentType.Should().NotBeNull(step);
        ContentType!.MediaType.Should().Be(Message!.Version.Soap.MediaType, step);
        ContentType.CharSet.Should().Be("utf-8", step);
        return Message;
    }

    /// <summary>Asserts an HTTP 500 carrying the WS-RM fault <paramref name="code"/> about <paramref name="identifier"/>.</summary>
    public SequenceFault ShouldBeSequenceFault(SequenceFaultCode code, string? identifier)
    {
        Status.Should().Be(500, "WS-RM faults travel as SOAP faults with HTTP 500; the answer was: {0}", Text);
        var fault = Message?.GetSequenceFault();
        fault.Should().NotBeNull("the answer must be a WS-RM fault: {0}", Text);
        fault!.Code.Should().Be(code, Text);
        fault.Identifier.Should().Be(identifier, "the fault must name the sequence concerned: {0}", Text);
        return fault;
    }

    /// <summary>Asserts HTTP <paramref name="status"/> carrying a plain SOAP fault with <paramref name="code"/>.</summary>
    public SoapFault ShouldBeSoapFault(int status, SoapFaultCode code)
    {
        Status.Should().Be(status, Text);
        var fault = Message?.Body as SoapFault;
        fault.Should().NotBeNull("the answer must be a SOAP fault: {0}", Text);
        fault!.Code.Should().Be(code, Text);
        return fault;
    }
}
