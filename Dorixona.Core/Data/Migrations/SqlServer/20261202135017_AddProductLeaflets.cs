using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddProductLeaflets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProductLeaflets",
                columns: table => new
                {
                    ProductId = table.Column<int>(type: "int", nullable: false),
                    Indications = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    IndicationsRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    IndicationsEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Dosage = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    DosageRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    DosageEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Contraindications = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ContraindicationsRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ContraindicationsEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    SideEffects = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    SideEffectsRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    SideEffectsEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Interactions = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    InteractionsRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    InteractionsEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Storage = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    StorageRu = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    StorageEn = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductLeaflets", x => x.ProductId);
                    table.ForeignKey(
                        name: "FK_ProductLeaflets_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProductLeaflets");
        }
    }
}
