namespace Agentsgt.Api.IntegrationTests;

/// <summary>CORS: off unless product front-end origins are configured, then for exactly those.</summary>
public sealed class CorsTests
{
    private const string FrontEnd = "https://app.agentsgt.test";

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private static Task<HttpResponseMessage> PostFromAsync(HttpClient client, TestTenant tenant, string origin, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, tenant.TokenPath()) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request);
    }

    [Test]
    public async Task NoOriginIsAllowed_ByDefault_AndPreflightsGetTheUsualJsonError()
    {
        await using var api = await TestApi.StartAsync("corsoff");

        var preflight = await api.Client.SendAsync(Preflight(api.Tenant.TokenPath(), FrontEnd));
        var post = await PostFromAsync(api.Client, api.Tenant, FrontEnd, api.Tenant.Authorization);

        await preflight.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(post.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task AConfiguredOrigin_PassesPreflight_AndCanReadSuccessAndErrorResponses()
    {
        await using var api = await TestApi.StartAsync("corson", new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = FrontEnd });

        var preflight = await api.Client.SendAsync(Preflight(api.Tenant.TokenPath(), FrontEnd));
        var ok = await PostFromAsync(api.Client, api.Tenant, FrontEnd, api.Tenant.Authorization);
        var unauthorized = await PostFromAsync(api.Client, api.Tenant, FrontEnd, null);

        Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { FrontEnd }));
        Assert.That(string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant(), Does.Contain("AUTHORIZATION").And.Contain("CONTENT-TYPE"));
        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Credentials"), Is.False, "no credentials");
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ok.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { FrontEnd }));
        await unauthorized.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.That(unauthorized.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { FrontEnd }), "the front end can read the error");
    }

    [Test]
    public async Task AnotherOrigin_GetsNoCorsHeaders_WhenSomeAreConfigured()
    {
        await using var api = await TestApi.StartAsync("corsother", new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = FrontEnd });

        var preflight = await api.Client.SendAsync(Preflight(api.Tenant.TokenPath(), "https://evil.example"));
        var post = await PostFromAsync(api.Client, api.Tenant, "https://app.agentsgt.test.evil.example", api.Tenant.Authorization);

        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(post.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
