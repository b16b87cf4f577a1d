from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "shenbao.printing"
    verbose_name = "打印材料"

    def ready(self) -> None:
        from shenbao.downloads.registry import register
        from shenbao.printing.builders import SUMMARY_PDF, package_pdf, summary_pdf

        register("package_pdf", package_pdf)
        register(SUMMARY_PDF, summary_pdf)
