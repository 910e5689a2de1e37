using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
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
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExchangeSku",
                table: "ReturnLine",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CatalogVariants",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ProductCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Price = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Available = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
