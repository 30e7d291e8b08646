using System.Net.Http.Headers;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Timing;

namespace Harness.Reliability.Source;

/// <summary>One SOAP request over HTTP POST and its answer, bounded in time and size.</summary>
internal sealed class SoapHttpTransport(HttpClient http, Uri endpoint, WireLimits limits, RunClock clock, SessionLabels? labels = null)
{
    public Uri Endpoint { get; } = endpoint;

    /// <summary>The answer: its status and, when it has a SOAP body, the message (null for an empty 202).</summary>
    /// <param name="callSequence">Unreliable calls only: the call's number, sent so the proxy can number the message.</param>
    public async Task<TransportAnswer> SendAsync(SoapMessage message, TimeSpan timeout, CancellationToken cancellationToken, int? callSequence = null)
    {
        // The bound runs on the session's clock; linking keeps the caller's cancellation apart from it.
        using var bound = new CancellationTokenSource(timeout, clock.TimeProvider);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        var bytes = SoapMessageWriter.ToBytes(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(message.Version.Soap.ContentType);
        labels?.AddTo(request, callSequence);

        if (message.Version.Soap == Protocol.Versions.SoapVersion.Soap11)
        {
            // SOAP 1.1 names the action in an HTTP header as well.
            request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{message.Action}\"");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.Content.Headers.ContentLength > limits.MaxMessageBytes)
            {
                return new TransportAnswer(status, null, "the answer is larger than the size limit");
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeoutSource.Token).ConfigureAwait(false);
            if (body.Length == 0)
            {
                return new TransportAnswer(status, null, null);
            }

            return SoapMessageReader.TryRead(body, out var answer, out var error, limits)
                ? new TransportAnswer(status, answer, null)
                : new TransportAnswer(status, null, "unreadable answer: " + error!.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TransportAnswer(0, null, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return new TransportAnswer(0, null, "transport error: " + ex.Message);
        }
    }
}

/// <summary>
/// An HTTP answer. <see cref="Status"/> is 0 when none came (connection error or timeout); <see cref="Problem"/>
/// says what went wrong, if anything.
/// </summary>
internal sealed record TransportAnswer(int Status, SoapMessage? Message, string? Problem)
{
    public bool Arrived => Status != 0;
}
