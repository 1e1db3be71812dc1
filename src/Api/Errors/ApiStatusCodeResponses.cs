namespace Agentsgt.Api.Errors;

public static class ApiStatusCodeResponses
{
    public static IApplicationBuilder UseApiStatusCodeResponses(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            return ApiErrorWriter.IsApiPath(http) && http.Response.StatusCode >= 400
                ? ApiErrorWriter.WriteAsync(http, ApiError.ForStatus(http.Response.StatusCode))
                : Task.CompletedTask;
        });
}
