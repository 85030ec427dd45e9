using Dorixona.Core;
using Dorixona.Web;
using Dorixona.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddDorixonaLogging();
builder.Services.AddDorixonaCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDorixonaWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

ProductionGuard.ThrowIfUnsafe(app.Configuration, app.Environment);
await app.InitializeDatabaseAsync();
app.UseDorixonaPipeline();
app.MapDorixonaEndpoints();

await app.RunAsync();

public partial class Program;
