using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Retour.Web.Infrastructure;

/// <summary>
/// Renders a Razor component to a whole HTML document outside a page request: printable reports now, emails later.
/// The component gets its data as parameters and may inject services.
/// </summary>
public sealed class HtmlDocuments(IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>Renders <typeparamref name="TComponent"/> with <paramref name="parameters"/>.</summary>
    public async Task<string> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary(p => p.Key, p => p.Value)));
            return output.ToHtmlString();
        });
    }
}
