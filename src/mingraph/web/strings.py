"""Every word the web pages say, in English and Traditional Chinese, in one place.

Labels of the graph's own things (entities, classes, properties) come from the
graph; what is here is the pages' own text, the names of the few vocabulary terms
the ontology does not label, and the questions' summaries in Traditional Chinese
(the ``.rq`` headers hold the English ones).
"""

from __future__ import annotations

LANGS = ("en", "zh-Hant")

UI = {
    "site": ("mingraph", "mingraph"),
    "tagline": (
        "A knowledge graph of critical-minerals policy: China's quotas, taxes, licences and "
        "export controls, and the partnerships that answer them. Every fact carries the words "
        "it comes from: the article's own words as a verbatim quote, or, for a public "
        "source, the summary in the record row (D03) that names the documents, shown as a "
        "summary of them by publisher, title and date, never as their words.",
        "關鍵礦物政策知識圖譜：中國的配額、出口稅、許可與出口管制，以及各國以夥伴關係所作的回應。"
        "每項事實皆附其出處文字：文章之原文引述；或就公開來源而言，列出該文件之紀錄列（如 D03）"
        "所作之摘要，並依出版者、標題與日期列出所摘要之文件，而非文件原文。",
    ),
    "home": ("Home", "首頁"),
    "questions": ("Questions", "問題"),
    "editor": ("SPARQL editor", "SPARQL 編輯器"),
    "ontology": ("Ontology", "本體"),
    "other_language": ("中文", "English"),
    "covers": ("Covers", "涵蓋"),
    "covers_span": ("dated facts from {first} to {last}", "有日期的事實自 {first} 至 {last}"),
    "newest_source": ("newest source dated {date}", "最新來源日期 {date}"),
    "counts": ("What the graph holds", "圖譜內容"),
    "triples": ("triples (with the OWL 2 RL closure)", "三元組（含 OWL 2 RL 推論）"),
    "entities": ("entities", "實體"),
    "search": ("Search", "搜尋"),
    "search_placeholder": ("a name or label, in English or Chinese", "名稱或標籤，中英文皆可"),
    "search_results": ("Search results for “{q}”", "「{q}」的搜尋結果"),
    "no_results": ("Nothing matches.", "沒有符合的項目。"),
    "ask": ("Ask", "查詢"),
    "answer": ("Answer", "答案"),
    "rows": ("{n} rows", "{n} 列"),
    "download": ("Download", "下載"),
    "command": ("The same question at a terminal", "在終端機提出同一問題"),
    "choose": ("choose…", "請選擇…"),
    "required_missing": (
        "Choose a value for each parameter, then ask.",
        "請為每個參數選擇一個值再查詢。",
    ),
    "open_in_editor": ("Open this query in the SPARQL editor", "在 SPARQL 編輯器中開啟此查詢"),
    "labels": ("Labels", "標籤"),
    "types": ("Kinds", "類別"),
    "facts": (
        "Facts, each with its source: the article's words, or a record's summary",
        "事實，各附來源：文章原文，或紀錄之摘要",
    ),
    "summary_in": ("Summary in", "摘要，見"),
    "summary_not_quote": (
        "(the record's words, not a quotation of the documents), of:",
        "（紀錄自己的文字，非文件原文），摘要自：",
    ),
    "no_document": ("no public document found", "未找到公開文件"),
    "source": ("source", "來源"),
    "other_statements": (
        "Other statements (without a quote of their own, or entailed by reasoning)",
        "其他陳述（無自身引述，或由推理得出）",
    ),
    "links_here": ("What links here", "連結至此的項目"),
    "contested": ("Contested claims", "有爭議的主張"),
    "corrected": ("corrected by", "更正者"),
    "refined": ("refined by", "補充者"),
    "as_data": ("This entity as data", "此實體的資料"),
    "not_found": ("Not found", "找不到"),
    "not_found_text": ("Nothing in the graph has this address.", "圖譜中沒有此位址的項目。"),
    "bad_request": ("Bad request", "請求有誤"),
    "editor_intro": (
        "Write SPARQL against the graph (with its OWL 2 RL closure). The prefixes are "
        "filled in; the canned questions below load as examples.",
        "以 SPARQL 查詢圖譜（含 OWL 2 RL 推論）。前綴已預先填入；下方的預設問題可載入為範例。",
    ),
    "examples": ("Examples", "範例"),
    "chart": ("Chart", "圖表"),
}

#: The questions' summaries in Traditional Chinese, by question name.
QUESTION_SUMMARIES_ZH = {
    "china-policy-timeline": "中國的礦物政策年表：重建文章的附表",
    "contested-claims": "文章與其他來源說法不一之處",
    "controls-in-force": "某日有效的出口限制措施",
    "countermeasures": "針對中國每項管制，涉及相同礦物的倡議與計畫",
    "country-profile": "某一國家的全貌：所發布的政策、參與的組織、供應角色",
    "demand-outlook": "需求預測，及各來源所指的礦物",
    "effect-sources": "每項市場影響背後的來源文件：供圖表標註來源",
    "effects": "市場影響的時序：出口、價格、許可與停產，及其所隨之措施",
    "events": "政策背後的情勢事件，附來源所載日期",
    "initiative-members": "某一倡議的成員及其加入時間",
    "initiatives": "各項倡議：成立時間、主導者、成員數與上層組織",
    "measure-periods": "各措施依礦物之適用期間：供繪製年表",
    "membership-grid": "每項倡議的每筆成員紀錄及其起始時間",
    "instrument-trend": "中國措施依政策工具與時期計數",
    "memberships": "某一國家或組織所參與的倡議",
    "mineral-controls": "中國所限制的每種礦物：其最早與最新措施",
    "mineral-profile": "某一礦物的全貌：供應者、管制、倡議、計畫、需求",
    "policies-for-mineral": "任何國家涵蓋某礦物（或其下位礦物）的政策",
    "policy-lineage": "措施之間的取代、修訂與承續關係",
    "projects": "依價值鏈階段、國家與礦物列出的計畫與投資組合",
    "responses": "何者回應了某項措施，以及某項措施回應了什麼",
    "source-documents": "來源文件，依其所屬集合，及最新來源之日期",
    "sources": "某一實體的每項事實，附來源與原文引述",
    "supply-concentration": "礦物來自何處：文章所述與有來源的數據",
    "suspensions": "何者遭暫停、依何文件、起訖時間，以及到期時的結果",
    "taiwan-outlook": "臺灣的曝險與文章的建議",
    "timeline": "各類有日期項目的總表，供繪圖使用",
}

#: Parameter names in both languages (the ``mingraph ask`` options keep the English).
PARAMETERS = {
    "mineral": ("Mineral", "礦物"),
    "country": ("Country or organisation", "國家或組織"),
    "initiative": ("Initiative", "倡議"),
    "entity": ("Entity", "實體"),
    "date": ("Date (YYYY, YYYY-MM or YYYY-MM-DD)", "日期（YYYY、YYYY-MM 或 YYYY-MM-DD）"),
    "against": ("Applies against (country)", "適用對象（國家）"),
    "measure": ("Measure", "措施"),
    "policy": ("Measure", "措施"),
    "period": ("Years per period", "每期年數"),
}

#: Names of vocabulary terms the ontology uses but does not label.
TERMS = {
    "http://www.w3.org/2000/01/rdf-schema#label": ("label", "標籤"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("other label", "別名"),
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("same as", "對應"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("kind", "類別"),
    "http://purl.org/dc/terms/description": ("description", "說明"),
    "http://purl.org/dc/terms/title": ("title", "標題"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("derived from", "衍生自"),
    "http://xmlns.com/foaf/0.1/page": ("web page", "網頁"),
}


def language(requested: str | None, accept_language: str = "") -> str:
    """The page language: ``?lang=`` if it names one, else the browser's preference."""
    if requested:
        wanted = requested.strip().lower()
        if wanted.startswith("zh"):
            return "zh-Hant"
        if wanted == "en":
            return "en"
    first = accept_language.split(",")[0].strip().lower()
    return "zh-Hant" if first.startswith("zh") else "en"


def text(key: str, lang: str, **values) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` fields filled in."""
    english, chinese = UI[key]
    return (chinese if lang == "zh-Hant" else english).format(**values)


def question_summary(question, lang: str) -> str:
    if lang == "zh-Hant":
        return QUESTION_SUMMARIES_ZH.get(question.name, question.summary)
    return question.summary


def parameter_name(name: str, lang: str) -> str:
    english, chinese = PARAMETERS.get(name, (name, name))
    return chinese if lang == "zh-Hant" else english


def term_name(iri: str, lang: str) -> str | None:
    names = TERMS.get(iri)
    return None if names is None else names[lang == "zh-Hant"]
