using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.Protocol.Classification;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>
/// Damaged real captures driven at the proxy in front of the journal service, with a fault plan active (so the fault
/// step classifies every request and answer), while a real reliable session runs alongside. Nothing may crash or hang,
/// every error answer must say why in a SOAP fault (or be one of the service's documented empty answers), and the
/// real session must still deliver each call exactly once, in order.
/// </summary>
[Category("Fuzz")]
public class FuzzTests
{
    private const int Mutants = 300;
    private const int Workers = 4;
    private const int SessionCalls = 20;

    /// <summary>Fixed, so a failure replays; the mutant's description names its capture and steps as well.</summary>
    private const int Seed = 20261203;

    /// <summary>Far above any honest answer on loopback; the same bound for the proxy's and the service's work.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    /// <summary>The service answers these without a body by design: not SOAP (415) and too large (413); and 202 is an accepted one-way message.</summary>
    private static readonly HashSet<HttpStatusCode> DocumentedEmptyErrors = [HttpStatusCode.UnsupportedMediaType, HttpStatusCode.RequestEntityTooLarge];

    [Test]
    public async Task Damaged_captures_get_bounded_answers_with_faults_while_a_real_session_delivers_exactly_once_in_order()
    {
        var plan = new FaultPlan([new FaultRule(0, new FaultMatch { Kinds = [RuleMessageKind.Application], Messages = new MessageNumberList([2]), Attempt = AttemptMatch.First }, new DropAction())]);
        await using var fixture = await ProxyFixture.StartAsync(plan);
        var captures = WireMutations.LoadCaptures(RepositoryFiles.PathOf("tests", "Harness.Protocol.Tests", "Data"));
        var mutants = Mutate(captures);

        await using var session = await fixture.OpenAsync(expectReplies: true);
        var realCalls = ProxyFixture.CallAsync(session, SessionCalls, requestReply: true);
        var answers = await SendAllAsync(fixture, mutants);
        await realCalls.WaitAsync(TimeSpan.FromMinutes(1));
        await session.CloseAsync(Bound.Token);

        // What the service (and the proxy's planned drop) answered, for whoever reads the test's output.
        await TestContext.Out.WriteLineAsync("answers: " + string.Join(", ", answers.GroupBy(a => a.Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) + (a.Body.Length == 0 ? " empty" : CarriesFault(a) ? " fault" : " other") : "none").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        answers.Should().HaveCount(Mutants);
        answers.Where(a => a.Error is not null).Select(a => a.ToString()).Should().BeEmpty("every request gets an answer within the bound");
        answers.Where(a => a.Elapsed > AnswerBound).Select(a => a.ToString()).Should().BeEmpty();
        var unexplained = answers.Where(a => (int)a.Status! >= 400 && !CarriesFault(a) && !(a.Body.Length == 0 && DocumentedEmptyErrors.Contains(a.Status!.Value))).ToList();

        // Replayed straight to the service, so a failure says whether the proxy or the service gave the bare answer.
        var replayed = new List<string>();
        foreach (var answer in unexplained)
        {
            var direct = await SendAsync(fixture.Service.Endpoint, fixture.Http, answer.Mutant, mutants.Single(m => m.Description == answer.Mutant).Body);
            replayed.Add($"{answer} | straight to the service: {direct}");
        }

        replayed.Should().BeEmpty("an error answer carries a SOAP fault saying why, unless the service documents it as empty");
        answers.Should().Contain(a => CarriesFault(a), "the damage reaches the service's readers, which answer with faults");
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(session.SessionId, SessionCalls);
        fixture.Proxy.Trace.Decisions.Should().Contain(d => d.Action == "drop", "the fault plan was active throughout");
    }

    private static bool CarriesFault(Answer answer) => answer.Body.Length > 0 && MessageClassifier.Classify(answer.Body).Kind == MessageKind.Fault;

    private static List<(string Description, byte[] Body)> Mutate(IReadOnlyList<WireCapture> captures)
    {
        var random = new Random(Seed);
        var mutants = new List<(string, byte[])>(Mutants);
        for (var i = 0; i < Mutants; i++)
        {
            var capture = captures[random.Next(captures.Count)];
            var steps = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new MutationStep(random.Next(MutationStep.KindCount), random.Next(), random.Next()))
                .ToArray();
            mutants.Add(($"{capture.Name} after {string.Join("; ", steps)}", WireMutations.Apply(capture.Body, steps)));
        }

        return mutants;
    }

    private static async Task<IReadOnlyList<Answer>> SendAllAsync(ProxyFixture fixture, List<(string Description, byte[] Body)> mutants)
    {
        var queue = new ConcurrentQueue<(string Description, byte[] Body)>(mutants);
        var answers = new ConcurrentBag<Answer>();
        var workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            while (queue.TryDequeue(out var mutant))
            {
                answers.Add(await SendAsync(fixture.Endpoint, fixture.Http, mutant.Description, mutant.Body));
            }
        });
        await Task.WhenAll(workers);
        return [.. answers];
    }

    private static async Task<Answer> SendAsync(Uri endpoint, HttpClient http, string description, byte[] body)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(AnswerBound);
        using var content = new ByteArrayContent(body);

        // The content type the capture's SOAP version calls for, so the damage reaches the reader and not only the 415.
        var soap11 = Encoding.UTF8.GetString(body).Contains("http://schemas.xmlsoap.org/soap/envelope/", StringComparison.Ordinal);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(soap11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8");
        try
        {
            using var response = await http.PostAsync(endpoint, content, timeout.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return new Answer(description, response.StatusCode, answer, watch.Elapsed, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return new Answer(description, null, [], watch.Elapsed, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private sealed record Answer(string Mutant, HttpStatusCode? Status, byte[] Body, TimeSpan Elapsed, string? Error)
    {
        public override string ToString() =>
            $"{Mutant}: {(Status is { } status ? (int)status : "no answer")} {Body.Length} bytes in {Elapsed.TotalMilliseconds:0} ms {Error}"
            + (Body.Length > 0 ? " " + Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300))) : string.Empty);
    }
}
