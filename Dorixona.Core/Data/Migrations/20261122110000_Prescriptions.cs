using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// Prescriptions with their uploaded files, what an approval covers, the units released orders took, and the
/// status history. Provider-neutral like the others (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261122110000_Prescriptions")]
public sealed class Prescriptions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Prescriptions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                OrderId = table.Column<long>(nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                Doctor = table.Column<string>(maxLength: 200, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                ReviewerId = table.Column<Guid>(nullable: true),
                ReviewLockedUntil = table.Column<DateTime>(nullable: true),
                DecidedBy = table.Column<Guid>(nullable: true),
                DecidedAt = table.Column<DateTime>(nullable: true),
                ValidUntil = table.Column<DateTime>(nullable: true),
                RejectReason = table.Column<string>(maxLength: 32, nullable: true),
                RejectComment = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Prescriptions", x => x.Id);
                table.ForeignKey(
                    name: "FK_Prescriptions_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Prescriptions_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PrescriptionFiles",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PrescriptionId = table.Column<long>(nullable: false),
                FileName = table.Column<string>(maxLength: 64, nullable: false),
                ContentType = table.Column<string>(maxLength: 32, nullable: false),
                Length = table.Column<long>(nullable: false),
                SortOrder = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PrescriptionFiles", x => x.Id);
                table.ForeignKey(
                    name: "FK_PrescriptionFiles_Prescriptions_PrescriptionId",
                    column: x => x.PrescriptionId,
                    principalTable: "Prescriptions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PrescriptionHistory",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PrescriptionId = table.Column<long>(nullable: false),
                FromStatus = table.Column<string>(maxLength: 16, nullable: true),
                ToStatus = table.Column<string>(maxLength: 16, nullable: false),
                Actor = table.Column<string>(maxLength: 16, nullable: false),
                ActorId = table.Column<Guid>(nullable: true),
                At = table.Column<DateTime>(nullable: false),
                Note = table.Column<string>(maxLength: 600, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PrescriptionHistory", x => x.Id);
                table.ForeignKey(
                    name: "FK_PrescriptionHistory_Prescriptions_PrescriptionId",
                    column: x => x.PrescriptionId,
                    principalTable: "Prescriptions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PrescriptionItems",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PrescriptionId = table.Column<long>(nullable: false),
                ProductId = table.Column<int>(nullable: true),
                SubstanceId = table.Column<int>(nullable: true),
                Quantity = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PrescriptionItems", x => x.Id);
                table.ForeignKey(
                    name: "FK_PrescriptionItems_ActiveSubstances_SubstanceId",
                    column: x => x.SubstanceId,
                    principalTable: "ActiveSubstances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_PrescriptionItems_Prescriptions_PrescriptionId",
                    column: x => x.PrescriptionId,
                    principalTable: "Prescriptions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_PrescriptionItems_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PrescriptionUses",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PrescriptionItemId = table.Column<long>(nullable: false),
                PrescriptionId = table.Column<long>(nullable: false),
                OrderId = table.Column<long>(nullable: false),
                ProductId = table.Column<int>(nullable: false),
                Quantity = table.Column<int>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PrescriptionUses", x => x.Id);
                table.ForeignKey(
                    name: "FK_PrescriptionUses_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_PrescriptionUses_PrescriptionItems_PrescriptionItemId",
                    column: x => x.PrescriptionItemId,
                    principalTable: "PrescriptionItems",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_PrescriptionUses_Prescriptions_PrescriptionId",
                    column: x => x.PrescriptionId,
                    principalTable: "Prescriptions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionFiles_PrescriptionId",
            table: "PrescriptionFiles",
            column: "PrescriptionId");

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionHistory_PrescriptionId_At",
            table: "PrescriptionHistory",
            columns: new[] { "PrescriptionId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionItems_PrescriptionId",
            table: "PrescriptionItems",
            column: "PrescriptionId");

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionItems_ProductId",
            table: "PrescriptionItems",
            column: "ProductId");

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionItems_SubstanceId",
            table: "PrescriptionItems",
            column: "SubstanceId");

        migrationBuilder.CreateIndex(
            name: "IX_Prescriptions_OrderId",
            table: "Prescriptions",
            column: "OrderId");

        migrationBuilder.CreateIndex(
            name: "IX_Prescriptions_Status_CreatedAt",
            table: "Prescriptions",
            columns: new[] { "Status", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Prescriptions_Status_ValidUntil",
            table: "Prescriptions",
            columns: new[] { "Status", "ValidUntil" });

        migrationBuilder.CreateIndex(
            name: "IX_Prescriptions_UserId_CreatedAt",
            table: "Prescriptions",
            columns: new[] { "UserId", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionUses_OrderId",
            table: "PrescriptionUses",
            column: "OrderId");

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionUses_PrescriptionId",
            table: "PrescriptionUses",
            column: "PrescriptionId");

        migrationBuilder.CreateIndex(
            name: "IX_PrescriptionUses_PrescriptionItemId",
            table: "PrescriptionUses",
            column: "PrescriptionItemId");

    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PrescriptionUses");
        migrationBuilder.DropTable(name: "PrescriptionItems");
        migrationBuilder.DropTable(name: "PrescriptionHistory");
        migrationBuilder.DropTable(name: "PrescriptionFiles");
        migrationBuilder.DropTable(name: "Prescriptions");
    }
}
