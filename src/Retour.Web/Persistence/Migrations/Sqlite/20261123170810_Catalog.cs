using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ExchangePriceDifference",
                table: "ReturnLine",
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExchangeSku",
                table: "ReturnLine",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CatalogVariants",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ProductCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Price = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Available = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogVariants", x => new { x.Sku, x.Currency });
                });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogVariants_Category",
                table: "CatalogVariants",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogVariants_ProductCode",
                table: "CatalogVariants",
                column: "ProductCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CatalogVariants");

            migrationBuilder.DropColumn(
                name: "ExchangePriceDifference",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "ExchangeSku",
                table: "ReturnLine");
        }
    }
}
